namespace ModelRisk.Datasets.Storage;

/// <summary>No object is stored at the key that was read.</summary>
public sealed class DatasetNotFoundException : Exception
{
    public DatasetNotFoundException()
    {
    }

    public DatasetNotFoundException(string message) : base(message)
    {
    }

    public DatasetNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static DatasetNotFoundException For(string key) => new($"No dataset is stored at '{key}'.");
}
