using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ModelRisk.Inventory.Tests.Import;

/// <summary>A CSV body whose first bytes are sent at once and whose end waits for <see cref="Release"/>: an import kept running.</summary>
public sealed class HeldContent : HttpContent
{
    private readonly byte[] _head;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldContent(string head)
    {
        _head = Encoding.UTF8.GetBytes(head);
        Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    }

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_head);
        await stream.FlushAsync();
        await _release.Task;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
