using System.Buffers.Binary;
using System.Text;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>Reads the little-endian fields of serialised shard statistics; every shortfall is a <see cref="FormatException"/>.</summary>
internal ref struct StatisticsReader(ReadOnlySpan<byte> bytes, int offset)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> bytes = bytes;

    public int Offset { get; private set; } = offset;

    public readonly int Remaining => bytes.Length - Offset;

    public byte ReadByte(string what) => Take(1, what)[0];

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public double ReadDouble(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    /// <summary>A count of entries that each take at least <paramref name="entryBytes"/>, checked against the bytes left
    /// so a corrupt count fails here rather than in a huge allocation.</summary>
    public int ReadCount(string what, int entryBytes)
    {
        var at = Offset;
        var count = ReadInt32(what);
        if (count < 0 || (long)count * entryBytes > Remaining)
        {
            throw new FormatException($"shard statistics: {what} at byte {at} is {count}, which the {Remaining} bytes left cannot hold");
        }

        return count;
    }

    public string ReadString(string what)
    {
        var length = ReadCount(what + " length", 1);
        var at = Offset;
        var text = Take(length, what);
        try
        {
            return StrictUtf8.GetString(text);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"shard statistics: {what} at byte {at} is not valid UTF-8", e);
        }
    }

    public ReadOnlySpan<byte> Take(long length, string what)
    {
        if (length < 0 || length > Remaining)
        {
            throw new FormatException(
                $"shard statistics are truncated: {what} at byte {Offset} needs {length} bytes but {Remaining} remain");
        }

        var slice = bytes.Slice(Offset, (int)length);
        Offset += (int)length;
        return slice;
    }
}
