namespace ModelRisk.Assessment.Models.Mra;

/// <param name="Status">planned, implemented or verified.</param>
public sealed record MraControl(string? Description, string? Owner, string? Status, string? Evidence, string? NistFunction);
