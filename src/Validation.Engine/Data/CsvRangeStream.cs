namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// A read-only view of a file as the concatenation of byte ranges: for a shard, the header record followed
/// by the shard's records, so the reader sees an ordinary CSV file (and Sep detects the separator from the
/// header as it does for the whole file).
/// </summary>
internal sealed class CsvRangeStream : Stream
{
    private readonly FileStream file;
    private readonly (long Offset, long Length)[] segments;
    private long position;

    public CsvRangeStream(FileStream file, params (long Offset, long Length)[] segments)
    {
        this.file = file;
        this.segments = segments;
        Length = segments.Sum(s => s.Length);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => position;
        set => position = Math.Clamp(value, 0, Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var start = position;
        foreach (var (segmentOffset, segmentLength) in segments)
        {
            if (start >= segmentLength)
            {
                start -= segmentLength;
                continue;
            }

            var count = (int)Math.Min(buffer.Length, segmentLength - start);
            file.Position = segmentOffset + start;
            var read = file.Read(buffer[..count]);
            position += read;
            return read;
        }

        return 0;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
