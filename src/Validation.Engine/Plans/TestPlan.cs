namespace ModelRisk.Validation.Engine.Plans;

public enum Comparator
{
    AtLeast,
    GreaterThan,
    AtMost,
    LessThan,
    Between,
}

public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}

public enum RiskTier
{
    Low,
    Medium,
    High,
    Critical,
}

public enum TestStatus
{
    Pass,
    Warn,
    Fail,

    /// <summary>The metric was not computed in this run (no group column, no reference, no training file).</summary>
    Skip,
}

/// <summary>An allowed range: one bound for the one-sided comparators, both for between.</summary>
public readonly record struct Bound(double Low, double High)
{
    public static Bound AtValue(double value) => new(value, value);
}

/// <param name="Metric">A catalog name such as roc_auc, drift.income.psi or groups.*.tpr.</param>
/// <param name="Group">When set, the metric is read for this group: tpr with group A means groups.A.tpr.</param>
/// <param name="Warn">A stricter bound; a value inside the threshold but outside this one warns.</param>
/// <param name="WarnWhenUndefined">An undefined metric warns instead of failing.</param>
public sealed record PlanTest(
    string Name,
    string Metric,
    Comparator Comparator,
    Bound Threshold,
    Bound? Warn,
    Severity Severity,
    string? Group,
    bool WarnWhenUndefined)
{
    public string ResolvedMetric => Group is null ? Metric : $"groups.{Group}.{Metric}";
}

public sealed record TestPlan(string Name, IReadOnlyList<PlanTest> Tests);

public sealed record TestResult(
    string Name,
    string Metric,
    TestStatus Status,
    Severity Severity,
    double? Value,
    PlanTest Test,
    string? Reason);

public static class PlanText
{
    public static string Symbol(Comparator comparator) => comparator switch
    {
        Comparator.AtLeast => ">=",
        Comparator.GreaterThan => ">",
        Comparator.AtMost => "<=",
        Comparator.LessThan => "<",
        _ => "between",
    };

    public static string Name(TestStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    public static string Describe(Comparator comparator, Bound bound) => comparator == Comparator.Between
        ? $"between {Format(bound.Low)} and {Format(bound.High)}"
        : $"{Symbol(comparator)} {Format(bound.Low)}";

    public static string Format(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
