using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ModelRisk.Assessment.Tests.Datasets;

/// <summary>
/// A CSV body of <c>length</c> bytes generated while it is sent, from one reused buffer, with its SHA-256 computed on
/// the way: a large upload that the test process itself never holds.
/// </summary>
public sealed class GeneratedCsvContent : HttpContent
{
    private static readonly byte[] Header = "id,feature,score,label\n"u8.ToArray();
    private readonly long _length;
    private readonly bool _declareLength;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public GeneratedCsvContent(long length, bool declareLength = true)
    {
        _length = length;
        _declareLength = declareLength;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
    }

    public long Written { get; private set; }

    public string? Sha256 { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var buffer = new byte[64 * 1024];
        var row = Encoding.ASCII.GetBytes("1234567,0.4242,0.9876,1\n");
        var filled = Header.Length;
        Header.CopyTo(buffer, 0);
        var rowPosition = 0;
        while (Written < _length)
        {
            while (filled < buffer.Length)
            {
                // Rows continue across buffers where the previous one stopped.
                var n = Math.Min(row.Length - rowPosition, buffer.Length - filled);
                row.AsSpan(rowPosition, n).CopyTo(buffer.AsSpan(filled));
                filled += n;
                rowPosition = (rowPosition + n) % row.Length;
            }
            var chunk = (int)Math.Min(filled, _length - Written);
            _hash.AppendData(buffer, 0, chunk);
            await stream.WriteAsync(buffer.AsMemory(0, chunk));
            Written += chunk;
            filled = 0;
        }
        Sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return _declareLength;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
