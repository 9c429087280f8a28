namespace ModelRisk.Cli.Tests;

public sealed class QualityTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Missing_NaN_infinite_constant_and_duplicate_values_are_counted()
    {
        var data = folder.Write("d.csv", """
            id,score,label,income,flag
            1,0.1,0,100,7
            2,0.9,1,,7
            3,0.5,1,NaN,7
            3,0.2,0,inf,7
            4,0.4,0,NA,7
            5,0.6,1,-Infinity,7
            5,0.3,0,250,7
            """);
        var reference = folder.Write("ref.csv", "income,flag\n100,7\n200,7\n300,7\n");

        var run = Mrp.Validate(data, "--id", "id", "--reference", reference, "--drift-columns", "income,flag");

        Assert.Equal(0, run.ExitCode);
        var quality = run.Json.GetProperty("quality");
        Assert.Equal(0, quality.GetProperty("scores_out_of_range").GetInt64());
        Assert.Equal(2, quality.GetProperty("duplicate_ids").GetInt64());
        Assert.Equal(2, quality.GetProperty("infinite_values").GetInt64());
        Assert.Equal(["flag"], quality.GetProperty("constant_columns").EnumerateArray().Select(c => c.GetString()));
        var income = quality.GetProperty("columns").GetProperty("income");
        Assert.Equal(2, income.GetProperty("missing").GetInt64());
        Assert.Equal(1, income.GetProperty("nan").GetInt64());
        Assert.Equal(2, income.GetProperty("infinite").GetInt64());

        // 3 absent or NaN cells among 7 rows x 5 used columns.
        Assert.Equal(3 / 35.0, quality.GetProperty("missing_rate").GetDouble(), 12);
    }

    [Fact]
    public void Scores_outside_0_1_are_refused_with_the_row()
    {
        var data = folder.Write("d.csv", "score,label\n0.1,0\n0.9,1\n1.5,1\n");

        var run = Mrp.Validate(data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("outside [0, 1] at row 3", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Leakage_by_key_counts_evaluation_ids_found_in_training()
    {
        var evaluation = Dataset.Generate(400, seed: 13);
        var data = evaluation.WriteCsv(folder.File("eval.csv"));
        var train = folder.Write("train.csv", "id,income\n" + string.Join('\n', new[] { 5, 17, 99, 400, 401, 1000 }.Select(i => $"{i},1")) + "\n");

        var run = Mrp.Validate(data, "--train", train, "--leakage-keys", "id");

        var leakage = run.Json.GetProperty("quality").GetProperty("leakage");
        Assert.Equal(4, leakage.GetProperty("leaked_rows").GetInt64());
        Assert.Equal(6, leakage.GetProperty("train_rows").GetInt64());
        Assert.Equal(4 / 400.0, leakage.GetProperty("leakage_rate").GetDouble(), 12);
        Assert.Equal("keys", leakage.GetProperty("method").GetString());
    }

    [Fact]
    public void A_leakage_key_named_twice_counts_as_one_key()
    {
        var data = Dataset.Generate(400, seed: 13).WriteCsv(folder.File("eval.csv"));
        var train = folder.Write("train.csv", "id,income\n5,1\n17,1\n1000,1\n");

        var run = Mrp.Validate(data, "--train", train, "--leakage-keys", "id,id");

        Assert.Equal(0, run.ExitCode);
        var leakage = run.Json.GetProperty("quality").GetProperty("leakage");
        Assert.Equal(2, leakage.GetProperty("leaked_rows").GetInt64());
        Assert.Equal(["id"], leakage.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public void Leakage_by_full_row_needs_every_shared_value_to_match()
    {
        var data = folder.Write("eval.csv", "id,score,label,income\n1,0.2,0,10\n2,0.7,1,20\n3,0.4,0,30\n4,0.9,1,40\n");

        // Row 2 matches on every shared column; row 3 shares its id but not its income. Training has no score.
        var train = folder.Write("train.csv", "id,label,income\n2,1,20\n3,0,31\n8,1,80\n");

        var run = Mrp.Validate(data, "--train", train);

        var leakage = run.Json.GetProperty("quality").GetProperty("leakage");
        Assert.Equal(1, leakage.GetProperty("leaked_rows").GetInt64());
        Assert.Equal("full_row", leakage.GetProperty("method").GetString());
        Assert.Equal(["id", "label", "income"], leakage.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public void A_leakage_test_in_a_plan_fails_when_rows_leak()
    {
        var data = Dataset.Generate(300, seed: 14).WriteCsv(folder.File("eval.csv"));
        var train = folder.Write("train.csv", "id\n1\n2\n3\n");
        var plan = folder.Write("plan.yaml", "tests:\n  - name: no leakage\n    metric: quality.leaked_rows\n    comparator: '<='\n    threshold: 0\n    severity: critical\n");

        var run = Mrp.Validate(data, "--train", train, "--leakage-keys", "id", "--plan", plan);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.Json.GetProperty("tests")[0].GetProperty("value").GetDouble());
    }
}
