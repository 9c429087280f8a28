namespace ModelRisk.Assessment.Models.Log;

/// <summary>A fact an aggregate records for the decision log; the save hook chains it into the org's log in the same transaction.</summary>
public sealed record LogFact(string Org, string Kind, string Subject, string Actor, DateTimeOffset OccurredAt, object Payload);
