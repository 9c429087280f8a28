using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Tiering;

/// <param name="Answers">Factor id → the chosen option ids (one unless the question allows several).</param>
public sealed record TierModelRequest(string? ModelId, Dictionary<string, List<string>>? Answers);
