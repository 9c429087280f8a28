namespace ModelRisk.Datasets.Storage;

/// <summary>
/// A forward-only view of at most <c>length</c> bytes of another stream (null: to its end), which also disposes
/// whatever owns the stream (an S3 response).
/// </summary>
internal sealed class ReadOnlyRangeStream(Stream inner, long? length, IDisposable? owner = null) : Stream
{
    private long? _remaining = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(Limit(buffer.Length) is var n && n < buffer.Length ? buffer[..n] : buffer);
        Count(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = Limit(buffer.Length);
        if (n == 0)
        {
            return 0;
        }
        var read = await inner.ReadAsync(buffer[..n], cancellationToken);
        Count(read);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Limit(int wanted) => _remaining is { } remaining ? (int)Math.Min(wanted, remaining) : wanted;

    private void Count(int read)
    {
        if (_remaining is not null)
        {
            _remaining -= read;
        }
    }
}
