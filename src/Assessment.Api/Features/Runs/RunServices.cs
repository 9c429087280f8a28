using ModelRisk.Assessment.Data;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.Assessment.Features.Runs;

/// <summary>What the run handlers need besides the request.</summary>
public sealed record RunServices(AssessmentDbContext Db, TimeProvider Time, IDatasetStorage Storage, ILogger<RunServices> Logger);
