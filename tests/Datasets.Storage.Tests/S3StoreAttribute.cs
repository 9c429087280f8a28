using System.Reflection;
using ModelRisk.TestSupport;
using Xunit.Sdk;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>
/// The S3 case of a contract test, run against s3rver. Without s3rver it is skipped with how to install it, except in
/// CI (CI=true), where it runs and fails.
/// </summary>
public sealed class S3StoreAttribute : DataAttribute
{
    public S3StoreAttribute()
    {
        if (S3rver.Script is null && !S3rver.Required)
        {
            Skip = S3rver.InstallHint;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.S3]];
}
