namespace ModelRisk.Datasets.Storage.Tests;

[CollectionDefinition(Name)]
public sealed class StoresCollection : ICollectionFixture<StoresFixture>
{
    public const string Name = "dataset stores";
}
