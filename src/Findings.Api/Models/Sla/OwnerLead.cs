namespace ModelRisk.Findings.Models.Sla;

/// <summary>Whom an owner's overdue findings escalate to first.</summary>
public sealed record OwnerLead(string Owner, string Lead);
