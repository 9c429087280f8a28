namespace ModelRisk.Inventory.Models;

public sealed record DeploymentEndpoint(string Environment, string Url, string? Region);
