namespace ModelRisk.Assessment.Features.Runs;

/// <summary>Where to read the run, its result (the engine's JSON) and its HTML report; the last two once it succeeded.</summary>
public sealed record RunLinks(string Self, string? Result, string? Report);
