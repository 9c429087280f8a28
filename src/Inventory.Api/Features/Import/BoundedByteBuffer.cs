using System.Buffers;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// Bytes of one row or cell being read, up to a fixed capacity rented once from the shared pool, so an import holds
/// at most its configured limit however long the line a caller sends.
/// </summary>
internal sealed class BoundedByteBuffer(int capacity) : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    /// <summary>False, and nothing appended, when the bytes would not fit.</summary>
    public bool TryAppend(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > capacity)
        {
            return false;
        }
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
        return true;
    }

    public bool TryAppend(byte value)
    {
        if (Length == capacity)
        {
            return false;
        }
        _bytes[Length++] = value;
        return true;
    }

    public void Clear() => Length = 0;

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }
}
