using Xunit;

namespace ModelRisk.TestSupport;

/// <summary>A test that needs the OpenAPI linter: skipped without it on a developer machine, run (and failing) in CI.</summary>
public sealed class SpectralFactAttribute : FactAttribute
{
    public SpectralFactAttribute()
    {
        if (Spectral.Executable is null && !Spectral.Required)
        {
            Skip = Spectral.InstallHint;
        }
    }
}
