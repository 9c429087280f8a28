using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.ValidationWorker;

/// <summary>A job's engine request over local files, which stay open until this is disposed.</summary>
public sealed class JobInput(ValidationRequest request, IReadOnlyList<IAsyncDisposable> files) : IAsyncDisposable
{
    public ValidationRequest Request { get; } = request;

    public async ValueTask DisposeAsync()
    {
        for (var i = files.Count - 1; i >= 0; i--)
        {
            await files[i].DisposeAsync();
        }
    }
}
