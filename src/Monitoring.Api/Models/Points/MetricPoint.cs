namespace ModelRisk.Monitoring.Models.Points;

/// <summary>
/// One value of one metric of one model at one instant, for one label set. The key (model, metric, series, at) makes
/// ingest idempotent: the same point sent again is a duplicate, never a second row. Written in bulk by
/// <c>PointWriter</c> with plain SQL, so its columns are plain: the instant is Unix milliseconds, the labels one
/// canonical string (<see cref="SeriesLabels"/>).
/// </summary>
public sealed class MetricPoint
{
    public string ModelId { get; set; } = "";
    public string Metric { get; set; } = "";

    /// <summary>The canonical form of the point's labels; "" for none.</summary>
    public string Series { get; set; } = "";

    /// <summary>
    /// A fixed-length digest of <see cref="Series"/> (<see cref="SeriesLabels.IdOf"/>), which the key uses: a label set
    /// may be up to 1,000 characters, and SQL Server's clustered key holds at most 900 bytes.
    /// </summary>
    public string SeriesId { get; set; } = "";

    /// <summary>The data's instant, Unix milliseconds UTC.</summary>
    public long At { get; set; }
    public string Org { get; set; } = "";
    public double Value { get; set; }
    public PointSource Source { get; set; }

    /// <summary>When the platform stored it, Unix milliseconds UTC.</summary>
    public long IngestedAt { get; set; }
}
