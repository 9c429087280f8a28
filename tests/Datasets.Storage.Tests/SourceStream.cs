namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>
/// A request body as a store sees it: non-seekable, served in chunks of at most <c>chunk</c> bytes, and able to stop
/// after <c>stopAfter</c> bytes by cancelling the caller's token (a client that went away) or by failing (a broken
/// connection).
/// </summary>
public sealed class SourceStream(byte[] data, int chunk = 64 * 1024, long stopAfter = long.MaxValue,
    CancellationTokenSource? cancel = null, bool fail = false) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Stores read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (_position >= stopAfter)
        {
            if (fail)
            {
                throw new IOException("The connection was reset.");
            }
            cancel?.Cancel();
        }
        cancellationToken.ThrowIfCancellationRequested();
        var n = Math.Min(Math.Min(buffer.Length, chunk), data.Length - _position);
        if (stopAfter > _position)
        {
            // Stop exactly at stopAfter, so the next read is the one that cancels or fails.
            n = (int)Math.Min(n, stopAfter - _position);
        }
        if (n <= 0)
        {
            return 0;
        }
        data.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
