namespace ModelRisk.Cli.Tests;

public sealed class ExitCodeTests : IDisposable
{
    /// <summary>One test that a model with signal meets and a useless one fails.</summary>
    private const string DiscriminationPlan = """
        tests:
          - name: Discrimination
            metric: roc_auc
            comparator: ">="
            threshold: 0.6
            severity: high
        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_good_model_under_a_plan_it_meets_exits_0()
    {
        var data = Dataset.Generate(2000, seed: 1).WriteCsv(folder.File("good.csv"));
        var plan = folder.Write("plan.yaml", DiscriminationPlan);

        var run = Mrp.Validate(data, "--plan", plan);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("pass", run.Json.GetProperty("status").GetString());
    }

    [Fact]
    public void A_useless_model_under_the_same_plan_exits_1()
    {
        var data = Dataset.Generate(2000, seed: 2, signal: 0).WriteCsv(folder.File("useless.csv"));
        var plan = folder.Write("plan.yaml", DiscriminationPlan);

        var run = Mrp.Validate(data, "--plan", plan);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", run.Json.GetProperty("tests")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void A_warning_alone_still_exits_0()
    {
        var data = Dataset.Generate(2000, seed: 1).WriteCsv(folder.File("good.csv"));
        var plan = folder.Write("plan.yaml", """
            tests:
              - name: Discrimination
                metric: roc_auc
                comparator: ">="
                threshold: 0.5
                warn: 0.999
            """);

        var run = Mrp.Validate(data, "--plan", plan);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warn", run.Json.GetProperty("status").GetString());
    }

    [Fact]
    public void Without_a_plan_there_is_nothing_to_fail()
    {
        var data = Dataset.Generate(500, seed: 2, signal: 0).WriteCsv(folder.File("useless.csv"));

        var run = Mrp.Validate(data);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, run.Json.GetProperty("tests").GetArrayLength());
    }

    [Fact]
    public void A_tier_plan_runs_and_skips_what_was_not_asked_for()
    {
        var data = Dataset.Generate(3000, seed: 3).WriteCsv(folder.File("good.csv"));

        var run = Mrp.Validate(data, "--tier", "high");

        Assert.Contains(run.ExitCode, new[] { 0, 1 });
        var tests = run.Json.GetProperty("tests").EnumerateArray().ToList();
        var fairness = tests.Single(t => t.GetProperty("metric").GetString() == "fairness.demographic_parity_ratio");
        Assert.Equal("skip", fairness.GetProperty("status").GetString());
        Assert.Contains("group", fairness.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("High risk tier", run.Json.GetProperty("plan").GetString());
    }

    [Fact]
    public void Output_goes_to_the_out_file_when_given()
    {
        var data = Dataset.Generate(500, seed: 4).WriteCsv(folder.File("d.csv"));
        var output = folder.File("result.json");

        var run = Mrp.Validate(data, "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("\"roc_auc\"", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Contains("wrote", run.Stderr, StringComparison.Ordinal);
    }
}
