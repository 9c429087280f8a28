namespace ModelRisk.Datasets.Storage;

/// <summary>Configuration section <c>DatasetStorage:Local</c>.</summary>
public sealed class LocalStorageOptions
{
    /// <summary>The directory that holds the datasets; unset, <c>.datasets</c> in the content root.</summary>
    public string? Root { get; set; }
}
