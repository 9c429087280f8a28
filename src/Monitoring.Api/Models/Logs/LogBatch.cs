namespace ModelRisk.Monitoring.Models.Logs;

/// <summary>
/// A pipeline's batch of prediction-log rows or labels, claimed once per (model, kind, batch id) whatever days its rows
/// fall on: two requests with one batch id can never both be listed, and a resend is recognised by its digest.
/// </summary>
public sealed class LogBatch
{
    public string ModelId { get; set; } = "";
    public LogKind Kind { get; set; }
    public string BatchId { get; set; } = "";
    public string Org { get; set; } = "";

    /// <summary>The SHA-256 of the batch as received, so a resend with other content is refused, not merged.</summary>
    public string Sha256 { get; set; } = "";
    public long Rows { get; set; }
    public int Objects { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
