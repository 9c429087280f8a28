namespace ModelRisk.Inventory.Features.Import;

/// <summary>A file as read: its rows, or the refusal that stopped the reading (then nothing is applied).</summary>
internal sealed record ImportFile(IReadOnlyList<ImportRow> Rows, ImportRefusal? Refusal);
