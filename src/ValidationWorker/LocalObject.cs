namespace ModelRisk.ValidationWorker;

/// <summary>A stored object opened as a local file (see <see cref="JobFiles.OpenLocalAsync"/>), kept until this is disposed.</summary>
public sealed class LocalObject(string path, IReadOnlyList<IAsyncDisposable> files) : IAsyncDisposable
{
    public string Path { get; } = path;

    public async ValueTask DisposeAsync()
    {
        for (var i = files.Count - 1; i >= 0; i--)
        {
            await files[i].DisposeAsync();
        }
    }
}
