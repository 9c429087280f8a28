namespace ModelRisk.Validation.Engine.Classification;

public static class Bootstrap
{
    public static Interval? ConfidenceInterval(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, BootstrapMetric metric, BinaryOptions options) =>
        throw new NotSupportedException("in progress");
}
