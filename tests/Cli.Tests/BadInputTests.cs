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

    [Fact]
    public void A_missing_column_lists_the_columns_that_exist()
    {
        var data = folder.Write("d.csv", "id,prob,label\n1,0.2,0\n2,0.8,1\n");

        var message = AssertBadInput(Mrp.Validate(data));

        Assert.Contains("no column 'score'", message, StringComparison.Ordinal);
        Assert.Contains("id, prob, label", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_score_names_the_row_and_column()
    {
        var data = folder.Write("d.csv", "score,label\n0.2,0\n0.4,1\nhigh,1\n0.3,0\n");

        var message = AssertBadInput(Mrp.Validate(data));

        Assert.Contains("row 3", message, StringComparison.Ordinal);
        Assert.Contains("column 'score'", message, StringComparison.Ordinal);
        Assert.Contains("'high'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_a_missing_cell_is_refused_with_its_position()
    {
        var data = folder.Write("d.csv", "score,label,x\n0.1,0,1\n0.4,1\n0.7,0,3\n");

        var message = AssertBadInput(Mrp.Validate(data));

        Assert.Contains("different number of columns", message, StringComparison.Ordinal);
        Assert.Contains("row 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var data = folder.Write("empty.csv", "");

        Assert.Contains("empty", AssertBadInput(Mrp.Validate(data)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_rows_is_refused()
    {
        var data = folder.Write("header.csv", "score,label\n");

        Assert.Contains("no data rows", AssertBadInput(Mrp.Validate(data)), StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_other_than_0_and_1_are_refused_with_the_row()
    {
        var data = folder.Write("d.csv", "score,label\n0.2,0\n0.4,1\n0.5,2\n");

        var message = AssertBadInput(Mrp.Validate(data));

        Assert.Contains("other than 0/1", message, StringComparison.Ordinal);
        Assert.Contains("row 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_scores_are_refused_with_the_row()
    {
        var data = folder.Write("d.csv", "score,label\n0.2,0\nNaN,1\n0.5,1\n");

        var message = AssertBadInput(Mrp.Validate(data));

        Assert.Contains("'score'", message, StringComparison.Ordinal);
        Assert.Contains("NaN", message, StringComparison.Ordinal);
        Assert.Contains("row 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_scores_are_refused()
    {
        var data = folder.Write("d.csv", "score,label\n0.2,0\n,1\n0.5,1\n");

        Assert.Contains("row 2", AssertBadInput(Mrp.Validate(data)), StringComparison.Ordinal);
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
    public void Drift_columns_without_a_reference_are_refused()
    {
        var data = Dataset.Generate(100, seed: 1).WriteCsv(folder.File("d.csv"));

        Assert.Contains("reference", AssertBadInput(Mrp.Validate(data, "--drift-columns", "income")), StringComparison.Ordinal);
    }
}
