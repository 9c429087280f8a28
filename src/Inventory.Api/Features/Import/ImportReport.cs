namespace ModelRisk.Inventory.Features.Import;

public sealed record ImportReport(bool DryRun, int Rows, int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportRowResult> Results);
