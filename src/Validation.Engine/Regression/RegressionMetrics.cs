namespace ModelRisk.Validation.Engine.Regression;

public static class RegressionMetrics
{
    public static RegressionReport Compute(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets) =>
        throw new NotSupportedException("in progress");
}
