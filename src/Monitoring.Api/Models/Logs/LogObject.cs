namespace ModelRisk.Monitoring.Models.Logs;

/// <summary>
/// The catalogue of prediction-log and label objects in the dataset store: one row per object written, listed only
/// once the object is whole, so a window's job names exactly the objects that hold its rows. A batch split over
/// several days is several objects with the same <see cref="BatchId"/>; resending a batch finds its rows here.
/// </summary>
public sealed class LogObject
{
    public string Key { get; set; } = "";
    public string Org { get; set; } = "";
    public string ModelId { get; set; } = "";
    public LogKind Kind { get; set; }
    public string BatchId { get; set; } = "";
    public DateOnly Day { get; set; }
    public long Rows { get; set; }

    /// <summary>Earliest and latest prediction timestamps in the object (Unix ms); for labels, their observation times.</summary>
    public long MinAt { get; set; }
    public long MaxAt { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}
