namespace ModelRisk.Cli.Tests;

/// <summary>Every unusable input exits 2 with one line on stderr that says what to fix.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static string AssertBadInput(MrpRun run)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var lines = run.Stderr.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("mrp: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ModelRisk", run.Stderr, StringComparison.Ordinal);
        return lines[0];
    }

    /// <summary>A data file the run cannot use, and what its one-line message must say (the row and column at fault).</summary>
    [Theory]
    [InlineData("a missing column lists the columns that exist", "id,prob,label\n1,0.2,0\n2,0.8,1\n", "no column 'score'", "id, prob, label")]
    [InlineData("a non-numeric score names the row and column", "score,label\n0.2,0\n0.4,1\nhigh,1\n0.3,0\n", "row 3", "column 'score'", "'high'")]
    [InlineData("a row with a missing cell is refused with its position", "score,label,x\n0.1,0,1\n0.4,1\n0.7,0,3\n", "row 2", "has 2 columns but the header has 3")]
    [InlineData("an empty file", "", "the file is empty")]
    [InlineData("a header without rows", "score,label\n", "no data rows")]
    [InlineData("labels other than 0 and 1 name the row", "score,label\n0.2,0\n0.4,1\n0.5,2\n", "other than 0/1", "row 3")]
    [InlineData("a NaN score names the row", "score,label\n0.2,0\nNaN,1\n0.5,1\n", "'score'", "NaN", "row 2")]
    [InlineData("a missing score names the row", "score,label\n0.2,0\n,1\n0.5,1\n", "'score'", "missing", "row 2")]
    public void Unusable_data_is_refused_with_what_to_fix(string problem, string csv, params string[] expected)
    {
        var data = folder.Write("d.csv", csv);

        var message = AssertBadInput(Mrp.Validate(data));

        foreach (var fragment in expected)
        {
            Assert.True(message.Contains(fragment, StringComparison.Ordinal), $"{problem}: expected \"{fragment}\" in \"{message}\"");
        }
    }

    [Fact]
    public void A_reference_with_another_schema_is_refused()
    {
        var data = Dataset.Generate(200, seed: 1).WriteCsv(folder.File("d.csv"));
        var reference = folder.Write("ref.csv", "customer,salary\n1,100\n2,200\n");

        var message = AssertBadInput(Mrp.Validate(data, "--reference", reference, "--drift-columns", "income,age"));

        Assert.Contains("another schema", message, StringComparison.Ordinal);
        Assert.Contains("income, age", message, StringComparison.Ordinal);
        Assert.Contains("customer, salary", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_with_text_where_the_data_has_numbers_is_refused()
    {
        var data = Dataset.Generate(200, seed: 1).WriteCsv(folder.File("d.csv"));
        var reference = folder.Write("ref.csv", "income\n100\nlots\n");

        var message = AssertBadInput(Mrp.Validate(data, "--reference", reference, "--drift-columns", "income"));

        Assert.Contains("ref.csv", message, StringComparison.Ordinal);
        Assert.Contains("row 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_file_that_does_not_exist_is_refused()
    {
        Assert.Contains("not found", AssertBadInput(Mrp.Validate(folder.File("nope.csv"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_and_tier_together_are_refused()
    {
        var data = Dataset.Generate(100, seed: 1).WriteCsv(folder.File("d.csv"));

        AssertBadInput(Mrp.Validate(data, "--tier", "low", "--plan", "p.yaml"));
    }

    [Fact]
    public void An_unknown_format_is_refused()
    {
        var data = Dataset.Generate(100, seed: 1).WriteCsv(folder.File("d.csv"));

        Assert.Contains("pdf", AssertBadInput(Mrp.Validate(data, "--format", "pdf")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_option_is_refused()
    {
        AssertBadInput(Mrp.Run("validate", "--data", "d.csv"));
    }

    [Fact]
    public void A_negative_memory_budget_is_refused()
    {
        var data = Dataset.Generate(100, seed: 1).WriteCsv(folder.File("d.csv"));

        Assert.Contains("--memory-budget-mb", AssertBadInput(Mrp.Validate(data, "--memory-budget-mb", "-1")), StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_columns_without_a_reference_are_refused()
    {
        var data = Dataset.Generate(100, seed: 1).WriteCsv(folder.File("d.csv"));

        Assert.Contains("reference", AssertBadInput(Mrp.Validate(data, "--drift-columns", "income")), StringComparison.Ordinal);
    }
}
