using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

public sealed record AddEvidenceRequest(string? Kind, string? Uri, string? Sha256);
