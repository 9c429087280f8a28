namespace ModelRisk.Validation.Engine.Drift;

public static class CategoricalDrift
{
    public static CategoricalDriftReport Compute(IReadOnlyList<string> categories, ReadOnlySpan<int> referenceCodes, ReadOnlySpan<int> currentCodes) =>
        throw new NotSupportedException("in progress");
}
