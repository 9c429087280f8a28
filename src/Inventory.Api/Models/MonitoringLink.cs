namespace ModelRisk.Inventory.Models;

public sealed record MonitoringLink(string Label, string Url);
