using System.Globalization;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.ServiceKit.Csv;

namespace ModelRisk.Findings.Features.Findings;

/// <summary>The columns of the findings export; every cell goes through the shared formula guard (ADR 041).</summary>
public static class FindingCsv
{
    public static readonly string[] Columns =
    [
        "id", "org", "modelId", "source", "sourceKey", "title", "severity", "state", "owner", "dueDate", "dueAt", "overdue",
        "escalationLevel", "verifiedBy", "closedAt", "closedLate", "createdAt",
    ];

    public static string Header => string.Join(',', Columns);

    public static string FormatRow(Finding f, DateTimeOffset now) => PagedExport.CsvLine(
    [
        f.Id, f.Org, f.ModelId, f.Source.ToString(), f.SourceKey, f.Title, f.Severity.ToString(), f.State.ToString(), f.Owner,
        f.DueDate.ToString("O", CultureInfo.InvariantCulture), Instant(f.DueAt), f.IsOverdue(now) ? "true" : "false",
        f.EscalationLevel.ToString(CultureInfo.InvariantCulture), f.VerifiedBy ?? "", f.ClosedAt is { } closed ? Instant(closed) : "",
        f.ClosedLate ? "true" : "false", Instant(f.CreatedAt),
    ]);

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
