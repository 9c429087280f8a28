namespace ModelRisk.Inventory.Features.Models;

public sealed record MonitoringLinkInput(string? Label, string? Url);
