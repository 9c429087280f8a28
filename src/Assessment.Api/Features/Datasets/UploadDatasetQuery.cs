namespace ModelRisk.Assessment.Features.Datasets;

/// <summary>What an upload says about itself besides its bytes: the org it belongs to and a name people recognise.</summary>
public sealed record UploadDatasetQuery(string? Org, string? Name);
