using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Plans;

namespace ModelRisk.Validation.Engine.Tests.Plans;

public sealed class TestPlanTests
{
    private static TestPlan Yaml(string text) => TestPlanLoader.Parse(text, isJson: false, "plan.yaml");

    [Theory]
    [InlineData(">=", 0.8, 0.9, 0.95, "pass")]
    [InlineData(">=", 0.8, 0.9, 0.85, "warn")]
    [InlineData(">=", 0.8, 0.9, 0.79, "fail")]
    [InlineData(">", 0.8, null, 0.8, "fail")]
    [InlineData("<=", 0.25, 0.1, 0.05, "pass")]
    [InlineData("<=", 0.25, 0.1, 0.2, "warn")]
    [InlineData("<", 0.25, null, 0.25, "fail")]
    public void One_sided_comparators(string comparator, double threshold, double? warn, double value, string expected)
    {
        var warnLine = warn is { } w ? $"\n    warn: {w.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
        var plan = Yaml($"tests:\n  - name: t\n    metric: ks\n    comparator: '{comparator}'\n    threshold: {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}{warnLine}\n");

        var result = TestPlanEvaluator.Evaluate(plan, new Dictionary<string, MetricValue> { ["ks"] = MetricValue.Of(value) }).Single();

        Assert.Equal(expected, PlanText.Name(result.Status));
        Assert.Equal(value, result.Value);
    }

    [Theory]
    [InlineData(0.5, "pass")]
    [InlineData(0.15, "warn")]
    [InlineData(0.95, "fail")]
    public void Between_with_an_inner_warning_band(double value, string expected)
    {
        var plan = Yaml("tests:\n  - name: t\n    metric: brier\n    comparator: between\n    threshold: [0.1, 0.9]\n    warn: [0.2, 0.8]\n");

        var result = TestPlanEvaluator.Evaluate(plan, new Dictionary<string, MetricValue> { ["brier"] = MetricValue.Of(value) }).Single();

        Assert.Equal(expected, PlanText.Name(result.Status));
    }

    [Fact]
    public void Wildcards_expand_per_group_and_missing_sections_are_skipped()
    {
        var plan = Yaml("""
            tests:
              - name: tpr
                metric: groups.*.tpr
                comparator: ">="
                threshold: 0.5
              - name: psi
                metric: drift.*.psi
                comparator: "<="
                threshold: 0.2
              - name: parity
                metric: fairness.demographic_parity_ratio
                comparator: ">="
                threshold: 0.8
            """);
        var metrics = new Dictionary<string, MetricValue>
        {
            ["groups.b.tpr"] = MetricValue.Of(0.4),
            ["groups.a.tpr"] = MetricValue.Of(0.6),
            ["groups.a.fpr"] = MetricValue.Of(0.1),
        };

        var results = TestPlanEvaluator.Evaluate(plan, metrics);

        Assert.Equal(["tpr [a]", "tpr [b]", "psi", "parity"], results.Select(r => r.Name));
        Assert.Equal([TestStatus.Pass, TestStatus.Fail, TestStatus.Skip, TestStatus.Skip], results.Select(r => r.Status));
        Assert.Contains("no reference", results[2].Reason, StringComparison.Ordinal);
        Assert.Equal(TestStatus.Fail, TestPlanEvaluator.Overall(results));
    }

    [Fact]
    public void An_undefined_metric_fails_unless_the_plan_says_warn()
    {
        var plan = Yaml("tests:\n  - name: hard\n    metric: roc_auc\n    comparator: '>='\n    threshold: 0.7\n  - name: soft\n    metric: roc_auc\n    comparator: '>='\n    threshold: 0.7\n    on_undefined: warn\n");

        var results = TestPlanEvaluator.Evaluate(plan, new Dictionary<string, MetricValue> { ["roc_auc"] = MetricValue.Undefined("no positives") });

        Assert.Equal([TestStatus.Fail, TestStatus.Warn], results.Select(r => r.Status));
        Assert.Equal("undefined: no positives", results[0].Reason);
        Assert.Null(results[0].Value);
    }

    [Fact]
    public void Group_scope_and_metrics_prefix_resolve_to_catalog_names()
    {
        var plan = TestPlanLoader.Parse("""{ "tests": [ { "name": "a", "metric": "tpr", "group": "north", "comparator": ">=", "threshold": 0.5 }, { "name": "b", "metric": "metrics.f1", "comparator": ">=", "threshold": 0.5 } ] }""", isJson: true, "p.json");

        Assert.Equal(["groups.north.tpr", "f1"], plan.Tests.Select(t => t.ResolvedMetric));
    }

    [Fact]
    public void Duplicate_test_names_are_refused()
    {
        var error = Assert.Throws<InputException>(() => Yaml("tests:\n  - name: a\n    metric: ks\n    comparator: '>='\n    threshold: 0.1\n  - name: a\n    metric: f1\n    comparator: '>='\n    threshold: 0.1\n"));

        Assert.Contains("tests[1].name: 'a' is used by an earlier test", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"tests\": [{\"name\": \"a\", \"metric\": \"ks\", \"comparator\": \">=\", \"threshold\": 0.1, \"threshold\": 0.2}]}", true)]
    [InlineData("tests:\n  - name: a\n    metric: ks\n    comparator: '>='\n    threshold: 0.1\n    threshold: 0.2\n", false)]
    public void A_key_given_twice_is_refused_rather_than_one_value_silently_winning(string text, bool isJson)
    {
        var error = Assert.Throws<InputException>(() => TestPlanLoader.Parse(text, isJson, "plan"));

        Assert.Contains("threshold", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RiskTier.Low)]
    [InlineData(RiskTier.Medium)]
    [InlineData(RiskTier.High)]
    [InlineData(RiskTier.Critical)]
    public void Every_tier_plan_is_embedded_and_valid(RiskTier tier)
    {
        var plan = TestPlanLoader.ForTier(tier);

        Assert.NotEmpty(plan.Tests);
        Assert.Contains(plan.Tests, t => t.Metric == "roc_auc");
    }

    [Fact]
    public void Higher_tiers_ask_at_least_as_much_discrimination()
    {
        var floors = Enum.GetValues<RiskTier>().Select(t => TestPlanLoader.ForTier(t).Tests.Single(x => x.Metric == "roc_auc").Threshold.Low).ToList();

        Assert.Equal(floors.Order(), floors);
    }
}
