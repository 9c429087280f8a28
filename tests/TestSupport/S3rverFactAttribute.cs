using Xunit;

namespace ModelRisk.TestSupport;

/// <summary>A test that needs s3rver: skipped without it on a developer machine, run (and failing) in CI.</summary>
public sealed class S3rverFactAttribute : FactAttribute
{
    public S3rverFactAttribute()
    {
        if (S3rver.Script is null && !S3rver.Required)
        {
            Skip = S3rver.InstallHint;
        }
    }
}
