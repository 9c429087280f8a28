using System.Text.Json;

namespace ModelRisk.Cli.Tests;

public sealed class PlanTests : IDisposable
{
    private const string YamlPlan = """
        name: Three outcomes
        tests:
          - name: clears the bar
            metric: roc_auc
            comparator: ">="
            threshold: 0.5
            severity: high
          - name: inside the threshold but short of the warning line
            metric: roc_auc
            comparator: ">="
            threshold: 0.5
            warn: 0.999
            severity: medium
          - name: misses the bar
            metric: roc_auc
            comparator: ">="
            threshold: 0.999
            severity: critical
          - name: brier in range
            metric: brier
            comparator: between
            threshold: [0, 0.3]
            severity: low
          - name: true positive rate per region
            metric: groups.*.tpr
            comparator: ">"
            threshold: 0
          - name: north only
            metric: selection_rate
            group: north
            comparator: "<="
            threshold: 1
        """;

    private const string JsonPlan = """
        {
          "name": "Three outcomes",
          "tests": [
            { "name": "clears the bar", "metric": "roc_auc", "comparator": ">=", "threshold": 0.5, "severity": "high" },
            { "name": "inside the threshold but short of the warning line", "metric": "roc_auc", "comparator": ">=", "threshold": 0.5, "warn": 0.999, "severity": "medium" },
            { "name": "misses the bar", "metric": "roc_auc", "comparator": ">=", "threshold": 0.999, "severity": "critical" },
            { "name": "brier in range", "metric": "brier", "comparator": "between", "threshold": [0, 0.3], "severity": "low" },
            { "name": "true positive rate per region", "metric": "groups.*.tpr", "comparator": ">", "threshold": 0 },
            { "name": "north only", "metric": "selection_rate", "group": "north", "comparator": "<=", "threshold": 1 }
          ]
        }
        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("plan.yaml", YamlPlan)]
    [InlineData("plan.json", JsonPlan)]
    public void Each_test_evaluates_to_pass_warn_or_fail(string fileName, string plan)
    {
        var data = Dataset.Generate(2000, seed: 9).WriteCsv(folder.File("d.csv"));

        var run = Mrp.Validate(data, "--group", "region", "--plan", folder.Write(fileName, plan));

        Assert.Equal(1, run.ExitCode);
        var tests = run.Json.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("pass", tests["clears the bar"].GetProperty("status").GetString());
        Assert.Equal("warn", tests["inside the threshold but short of the warning line"].GetProperty("status").GetString());
        Assert.Equal("fail", tests["misses the bar"].GetProperty("status").GetString());
        Assert.Equal("critical", tests["misses the bar"].GetProperty("severity").GetString());
        Assert.Equal(0.999, tests["misses the bar"].GetProperty("threshold").GetDouble());
        Assert.Equal(run.Json.GetProperty("metrics").GetProperty("roc_auc").GetDouble(), tests["misses the bar"].GetProperty("value").GetDouble());
        Assert.Equal("pass", tests["brier in range"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, tests["brier in range"].GetProperty("threshold").ValueKind);
        Assert.Equal(4, tests.Keys.Count(k => k.StartsWith("true positive rate per region [", StringComparison.Ordinal)));
        Assert.Equal("groups.north.selection_rate", tests["north only"].GetProperty("metric").GetString());
        Assert.Equal("fail", run.Json.GetProperty("status").GetString());
    }

    [Fact]
    public void Yaml_and_json_plans_give_the_same_results()
    {
        var data = Dataset.Generate(1000, seed: 10).WriteCsv(folder.File("d.csv"));

        var yaml = Mrp.Validate(data, "--group", "region", "--plan", folder.Write("p.yaml", YamlPlan));
        var json = Mrp.Validate(data, "--group", "region", "--plan", folder.Write("p.json", JsonPlan));

        Assert.Equal(yaml.Json.GetProperty("tests").GetRawText(), json.Json.GetProperty("tests").GetRawText());
    }

    [Theory]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: '=>'\n    threshold: 0.5\n", "tests[0].comparator: '=>' is not one of")]
    [InlineData("tests:\n  - name: a\n    metric: rocauc\n    comparator: '>='\n    threshold: 0.5\n", "tests[0].metric: 'rocauc' is not a known metric")]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: '>='\n", "tests[0]: 'threshold' is required")]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: '>='\n    threshold: high\n", "tests[0].threshold: 'high' is not a number")]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: '>='\n    threshold: 0.7\n    warn: 0.6\n", "tests[0].warn: must be stricter")]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: between\n    threshold: 0.7\n", "needs a pair [low, high]")]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: '>='\n    threshold: 0.7\n    severity: urgent\n", "tests[0].severity: 'urgent'")]
    [InlineData("tests:\n  - name: a\n    metric: roc_auc\n    comparator: '>='\n    threshold: 0.7\n    threshhold: 0.8\n", "unknown key 'threshhold'")]
    [InlineData("tests: []\n", "'tests' must be a non-empty list")]
    [InlineData("tests:\n  - name: a\n   metric: [\n", "not valid YAML")]
    public void An_invalid_plan_is_refused_with_where_and_why(string plan, string expected)
    {
        var data = Dataset.Generate(100, seed: 11).WriteCsv(folder.File("d.csv"));

        var run = Mrp.Validate(data, "--plan", folder.Write("bad.yaml", plan));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_line()
    {
        var data = Dataset.Generate(100, seed: 11).WriteCsv(folder.File("d.csv"));

        var run = Mrp.Validate(data, "--plan", folder.Write("bad.json", "{\n \"tests\": [\n  { \"name\": }\n]}"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not valid JSON (line 3)", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    [InlineData("critical")]
    public void Every_tier_has_a_plan_that_runs(string tier)
    {
        var data = Dataset.Generate(1500, seed: 12).WriteCsv(folder.File("d.csv"));

        var run = Mrp.Validate(data, "--group", "region", "--tier", tier);

        Assert.Contains(run.ExitCode, new[] { 0, 1 });
        Assert.NotEmpty(run.Json.GetProperty("tests").EnumerateArray());
        Assert.StartsWith(char.ToUpperInvariant(tier[0]) + tier[1..], run.Json.GetProperty("plan").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Without the parser refusing them, the first plan recursed until the stack overflowed (taking the process
    /// with it) and the second expanded to 9^9 nodes.
    /// </summary>
    [Theory]
    [InlineData("a self-referencing alias", "name: loop\ntests: &t [*t]\n", "line 2", "'anchor &t'")]
    [InlineData("a billion laughs", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\ntests: *i\n", "line 1", "'anchor &a'")]
    public void Yaml_anchors_and_aliases_are_refused_in_one_line(string what, string plan, params string[] expected)
    {
        var data = Dataset.Generate(100, seed: 11).WriteCsv(folder.File("d.csv"));

        var run = Mrp.Validate(data, "--plan", folder.Write("p.yaml", plan));

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("mrp: p.yaml: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("YAML anchors and aliases are not supported in plans", run.Stderr, StringComparison.Ordinal);
        foreach (var fragment in expected)
        {
            Assert.True(run.Stderr.Contains(fragment, StringComparison.Ordinal), $"{what}: expected \"{fragment}\" in {run.Stderr}");
        }
    }
}
