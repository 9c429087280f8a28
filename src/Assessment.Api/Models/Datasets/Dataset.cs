using ModelRisk.Datasets.Storage;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Assessment.Models.Datasets;

/// <summary>
/// A dataset an org uploaded for validation runs: its name, and what the store measured while the bytes streamed in
/// (format, size, SHA-256, the CSV header's columns). The content never changes after the upload; a new version of the
/// data is a new dataset, so a run that names this one always reads the same bytes.
/// </summary>
public sealed class Dataset : Aggregate, IOrgOwned
{
    public const int MaxNameLength = 200;

    private Dataset()
    {
    }

    public string Org { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DatasetFormat Format { get; private set; }
    public long SizeBytes { get; private set; }

    /// <summary>Lowercase hex SHA-256 of exactly the stored bytes.</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>The CSV header's column names; empty for Parquet, whose schema is in its footer.</summary>
    public List<string> Columns { get; private set; } = [];

    /// <summary>Where the bytes are in the dataset store; internal, never shown to callers.</summary>
    public string StorageKey { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The id a new dataset will have and the store key its bytes go to, chosen before the upload starts.</summary>
    public static (string Id, string StorageKey) Allocate(string org)
    {
        var id = NewId();
        return (id, $"datasets/{org}/{id}");
    }

    public static Dataset Create(string id, string org, string name, StoredDataset stored, string actor, DateTimeOffset now) => new()
    {
        Id = id,
        Revision = 1,
        Org = org,
        Name = name,
        Format = stored.Format,
        SizeBytes = stored.SizeBytes,
        Sha256 = stored.Sha256,
        Columns = [.. stored.Columns],
        StorageKey = stored.Key,
        CreatedBy = actor,
        CreatedAt = now,
    };
}
