using System.Reflection;
using Xunit.Sdk;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>The local filesystem case of a contract test.</summary>
public sealed class LocalStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.Local]];
}
