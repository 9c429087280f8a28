using System.Text.Json;

namespace ModelRisk.Cli.Tests;

/// <summary>The JSON keys are a contract with pipelines that read the output; renaming one breaks them.</summary>
public sealed class JsonContractTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Every_documented_key_is_present()
    {
        var data = Dataset.Generate(3000, seed: 5, shift: 5000).WriteCsv(folder.File("d.csv"));
        var reference = Dataset.Generate(3000, seed: 6).WriteCsv(folder.File("ref.csv"));

        var run = Mrp.Validate(data, "--group", "region", "--reference", reference, "--drift-columns", "income,age,tenure", "--tier", "medium");
        var json = run.Json;

        Assert.Equal(3000, json.GetProperty("rows").GetInt64());
        var metrics = json.GetProperty("metrics");
        foreach (var key in new[] { "roc_auc", "average_precision", "ks", "brier", "log_loss", "ece", "accuracy", "precision", "recall", "f1" })
        {
            Assert.Equal(JsonValueKind.Number, metrics.GetProperty(key).ValueKind);
        }

        var ci = metrics.GetProperty("roc_auc_ci");
        Assert.Equal(2, ci.GetArrayLength());
        Assert.True(ci[0].GetDouble() <= metrics.GetProperty("roc_auc").GetDouble());
        Assert.True(ci[1].GetDouble() >= metrics.GetProperty("roc_auc").GetDouble());

        var groups = json.GetProperty("groups");
        Assert.Equal(["east", "north", "south", "west"], groups.EnumerateObject().Select(g => g.Name).Order(StringComparer.Ordinal));
        foreach (var group in groups.EnumerateObject())
        {
            foreach (var key in new[] { "rows", "roc_auc", "selection_rate", "tpr", "fpr" })
            {
                Assert.Equal(JsonValueKind.Number, group.Value.GetProperty(key).ValueKind);
            }
        }

        Assert.Equal(3000, groups.EnumerateObject().Sum(g => g.Value.GetProperty("rows").GetInt64()));
        var fairness = json.GetProperty("fairness");
        foreach (var key in new[] { "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference" })
        {
            Assert.Equal(JsonValueKind.Number, fairness.GetProperty(key).ValueKind);
        }

        var drift = json.GetProperty("drift");
        foreach (var column in new[] { "income", "age", "tenure" })
        {
            foreach (var key in new[] { "psi", "js_distance", "ks", "ks_p_value", "wasserstein" })
            {
                Assert.Equal(JsonValueKind.Number, drift.GetProperty(column).GetProperty(key).ValueKind);
            }
        }

        Assert.True(drift.GetProperty("income").GetProperty("psi").GetDouble() > drift.GetProperty("age").GetProperty("psi").GetDouble());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("quality").ValueKind);

        var tests = json.GetProperty("tests").EnumerateArray().ToList();
        Assert.NotEmpty(tests);
        foreach (var test in tests)
        {
            foreach (var key in new[] { "name", "status", "severity", "value", "threshold" })
            {
                Assert.True(test.TryGetProperty(key, out _), $"test result lacks '{key}'");
            }
        }

        Assert.Equal(3, tests.Count(t => t.GetProperty("metric").GetString()!.EndsWith(".psi", StringComparison.Ordinal)));
    }

    [Fact]
    public void Undefined_metrics_are_null_with_a_reason_and_never_NaN()
    {
        var data = folder.Write("negatives.csv", "score,label\n0.1,0\n0.4,0\n0.7,0\n0.2,0\n");

        var run = Mrp.Validate(data);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("NaN", run.Stdout, StringComparison.Ordinal);
        var metrics = run.Json.GetProperty("metrics");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("roc_auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("roc_auc_ci").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(metrics.GetProperty("undefined").GetProperty("roc_auc").GetString()));
        Assert.Equal(JsonValueKind.Number, metrics.GetProperty("brier").ValueKind);
    }

    [Fact]
    public void An_undefined_metric_fails_its_test_with_the_reason()
    {
        var data = folder.Write("negatives.csv", "score,label\n0.1,0\n0.4,0\n0.7,0\n0.2,0\n");
        var plan = folder.Write("plan.json", """
            { "tests": [
              { "name": "auc", "metric": "roc_auc", "comparator": ">=", "threshold": 0.6, "severity": "high" },
              { "name": "auc soft", "metric": "roc_auc", "comparator": ">=", "threshold": 0.6, "on_undefined": "warn" }
            ] }
            """);

        var run = Mrp.Validate(data, "--plan", plan);

        Assert.Equal(1, run.ExitCode);
        var tests = run.Json.GetProperty("tests");
        Assert.Equal("fail", tests[0].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, tests[0].GetProperty("value").ValueKind);
        Assert.StartsWith("undefined", tests[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("warn", tests[1].GetProperty("status").GetString());
    }
}
