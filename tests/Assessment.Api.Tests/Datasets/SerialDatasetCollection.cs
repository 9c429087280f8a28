namespace ModelRisk.Assessment.Tests.Datasets;

/// <summary>Tests that measure the whole process run after every other collection, never beside one.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialDatasetCollection
{
    public const string Name = "dataset-serial";
}
