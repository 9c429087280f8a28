namespace ModelRisk.DatasetStore.Benchmarks;

/// <summary>A CSV of a given length generated as it is read (a request body the benchmark never holds), non-seekable.</summary>
public sealed class GeneratedCsvStream(long length) : Stream
{
    private static readonly byte[] Header = "id,feature,score,label\n"u8.ToArray();
    private static readonly byte[] Rows = MakeRows();
    private long _position;

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
        var total = (int)Math.Min(buffer.Length, length - _position);
        var written = 0;
        while (written < total)
        {
            // The header once, then whole rows from a block of them; copies, never a loop per byte.
            ReadOnlySpan<byte> source = _position < Header.Length
                ? Header.AsSpan((int)_position)
                : Rows.AsSpan((int)((_position - Header.Length) % Rows.Length));
            var n = Math.Min(source.Length, total - written);
            source[..n].CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }
        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] MakeRows()
    {
        var row = "1234567,0.4242,0.9876,1\n"u8;
        var rows = new byte[row.Length * 4096];
        for (var i = 0; i < 4096; i++)
        {
            row.CopyTo(rows.AsSpan(i * row.Length));
        }
        return rows;
    }
}
