using ModelRisk.Assessment.Models.Mra;
using ModelRisk.Assessment.Models.Reviews;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Features.Reviews;

public sealed record MraRevisionResponse(string ReviewId, int Number, MraContent Content, string Author, DateTimeOffset CreatedAt);
