namespace ModelRisk.Datasets.Storage;

/// <summary>
/// A dataset as a file on this machine. Disposing deletes it when it is a temporary copy and leaves it when it is
/// the stored file itself.
/// </summary>
public sealed class LocalDatasetFile(string path, bool temporary) : IAsyncDisposable
{
    public string Path { get; } = path;

    public bool IsTemporary { get; } = temporary;

    public ValueTask DisposeAsync()
    {
        if (IsTemporary)
        {
            File.Delete(Path);
        }
        return ValueTask.CompletedTask;
    }
}
