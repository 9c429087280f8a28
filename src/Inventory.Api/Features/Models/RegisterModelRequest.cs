namespace ModelRisk.Inventory.Features.Models;

/// <summary>The body of a model registration, and one row of a bulk import: the editable fields plus the model's identity.</summary>
public sealed record RegisterModelRequest : UpdateModelRequest
{
    public string? Org { get; init; }
    public string? Key { get; init; }
}
