namespace ModelRisk.Inventory.Features.Models;

public sealed record DeploymentEndpointInput(string? Environment, string? Url, string? Region);
