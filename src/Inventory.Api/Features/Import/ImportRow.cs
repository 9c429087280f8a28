using ModelRisk.Inventory.Features.Models;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>One row as read from the file: the request it carries, or the fields that did not parse (the row is then rejected).</summary>
internal sealed record ImportRow(int Line, RegisterModelRequest? Request, Dictionary<string, string[]> Errors);
