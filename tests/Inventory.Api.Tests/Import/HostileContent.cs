using System.Net;
using System.Net.Http.Headers;

namespace ModelRisk.Inventory.Tests.Import;

/// <summary>
/// A request body of any length made of a head and one unit repeated, written in blocks so the test itself
/// allocates almost nothing while the service receives tens of megabytes.
/// </summary>
public sealed class HostileContent : HttpContent
{
    private readonly byte[] _head;
    private readonly byte[] _block;
    private readonly long _length;

    public HostileContent(string mediaType, string head, string unit, long length)
    {
        _head = System.Text.Encoding.UTF8.GetBytes(head);
        var unitBytes = System.Text.Encoding.UTF8.GetBytes(unit);
        _block = new byte[64 * 1024 / unitBytes.Length * unitBytes.Length];
        for (var i = 0; i < _block.Length; i += unitBytes.Length)
        {
            unitBytes.CopyTo(_block, i);
        }
        _length = length;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    /// <summary>How many bytes the service took before it answered (or all of them).</summary>
    public long Written { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_head);
        Written = _head.Length;
        while (Written < _length)
        {
            var count = (int)Math.Min(_block.Length, _length - Written);
            await stream.WriteAsync(_block.AsMemory(0, count));
            Written += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
