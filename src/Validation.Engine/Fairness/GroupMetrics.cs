namespace ModelRisk.Validation.Engine.Fairness;

public static class GroupMetrics
{
    public static GroupReport Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groupCodes, IReadOnlyList<string> groupNames, GroupOptions options) =>
        throw new NotSupportedException("in progress");
}
