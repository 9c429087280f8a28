namespace ModelRisk.Validation.Engine.Classification;

public static class BinaryMetrics
{
    public static BinaryReport Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, BinaryOptions options) =>
        throw new NotSupportedException("in progress");
}
