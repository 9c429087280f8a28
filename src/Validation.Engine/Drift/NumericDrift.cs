namespace ModelRisk.Validation.Engine.Drift;

public static class NumericDrift
{
    public static NumericDriftReport Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        throw new NotSupportedException("in progress");
}
