using Microsoft.Extensions.Options;
using ModelRisk.Assessment.Data;
using ModelRisk.Datasets.Storage;

namespace ModelRisk.Assessment.Features.Datasets;

/// <summary>What the dataset handlers need besides the request: one bundle instead of a long parameter list.</summary>
public sealed record DatasetServices(
    AssessmentDbContext Db, IDatasetStorage Storage, IOptions<DatasetStorageOptions> Options, TimeProvider Time, ILogger<DatasetServices> Logger);
