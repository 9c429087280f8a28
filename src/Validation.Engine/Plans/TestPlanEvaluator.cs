namespace ModelRisk.Validation.Engine.Plans;

public static class TestPlanEvaluator
{
    /// <param name="metrics">Every metric the run computed, by catalog name; a name absent here was not computed.</param>
    public static IReadOnlyList<TestResult> Evaluate(TestPlan plan, IReadOnlyDictionary<string, MetricValue> metrics)
    {
        var results = new List<TestResult>(plan.Tests.Count);
        foreach (var test in plan.Tests)
        {
            var metric = test.ResolvedMetric;
            if (!metric.Contains('*', StringComparison.Ordinal))
            {
                results.Add(metrics.TryGetValue(metric, out var value)
                    ? Judge(test, test.Name, metric, value)
                    : Skipped(test, test.Name, metric, NotComputedReason(metric)));
                continue;
            }

            var matches = MetricCatalog.Expand(metric, metrics.Keys).OrderBy(m => m.Match, StringComparer.Ordinal).ToList();
            if (matches.Count == 0)
            {
                results.Add(Skipped(test, test.Name, metric, NotComputedReason(metric)));
            }

            foreach (var (name, match) in matches)
            {
                results.Add(Judge(test, $"{test.Name} [{match}]", name, metrics[name]));
            }
        }

        return results;
    }

    public static TestStatus Overall(IEnumerable<TestResult> results)
    {
        var overall = TestStatus.Pass;
        foreach (var result in results)
        {
            if (result.Status == TestStatus.Fail)
            {
                return TestStatus.Fail;
            }

            if (result.Status == TestStatus.Warn)
            {
                overall = TestStatus.Warn;
            }
        }

        return overall;
    }

    private static TestResult Judge(PlanTest test, string name, string metric, MetricValue value)
    {
        if (value.Value is not { } v)
        {
            var status = test.WarnWhenUndefined ? TestStatus.Warn : TestStatus.Fail;
            return new TestResult(name, metric, status, test.Severity, null, test, $"undefined: {value.UndefinedReason}");
        }

        if (!Satisfies(test.Comparator, test.Threshold, v))
        {
            return new TestResult(name, metric, TestStatus.Fail, test.Severity, v, test,
                $"{PlanText.Format(v)} is not {PlanText.Describe(test.Comparator, test.Threshold)}");
        }

        if (test.Warn is { } warn && !Satisfies(test.Comparator, warn, v))
        {
            return new TestResult(name, metric, TestStatus.Warn, test.Severity, v, test,
                $"{PlanText.Format(v)} is not {PlanText.Describe(test.Comparator, warn)}");
        }

        return new TestResult(name, metric, TestStatus.Pass, test.Severity, v, test, null);
    }

    private static bool Satisfies(Comparator comparator, Bound bound, double value) => comparator switch
    {
        Comparator.AtLeast => value >= bound.Low,
        Comparator.GreaterThan => value > bound.Low,
        Comparator.AtMost => value <= bound.Low,
        Comparator.LessThan => value < bound.Low,
        _ => value >= bound.Low && value <= bound.High,
    };

    private static TestResult Skipped(PlanTest test, string name, string metric, string reason) =>
        new(name, metric, TestStatus.Skip, test.Severity, null, test, reason);

    private static string NotComputedReason(string metric) => metric.Split('.')[0] switch
    {
        "groups" or "fairness" => "not computed: no group column was given",
        "drift" => "not computed: no reference file or no such drift column",
        "quality" when metric.Contains("leak", StringComparison.Ordinal) => "not computed: no training file was given",
        "quality" when metric.Contains("duplicate", StringComparison.Ordinal) => "not computed: no id column was given",
        _ => "not computed in this run",
    };
}
