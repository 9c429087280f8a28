namespace ModelRisk.Datasets.Storage.Tests;

public enum StoreKind
{
    Local,
    S3,
}
