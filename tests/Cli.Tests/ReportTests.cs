namespace ModelRisk.Cli.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    public void Reports_carry_the_three_charts_and_the_tables(string format)
    {
        var data = Dataset.Generate(2000, seed: 7).WriteCsv(folder.File("d.csv"));
        var reference = Dataset.Generate(2000, seed: 8).WriteCsv(folder.File("ref.csv"));

        var run = Mrp.Validate(data, "--group", "region", "--reference", reference, "--drift-columns", "income", "--tier", "high", "--format", format);

        Assert.Contains(run.ExitCode, new[] { 0, 1 });
        Assert.Equal(3, CountOf(run.Stdout, "<svg"));
        foreach (var title in new[] { "ROC curve", "Precision-recall curve", "Reliability diagram", "Test results", "Performance", "Groups by region", "Fairness", "Drift against the reference", "Data quality" })
        {
            Assert.Contains(title, run.Stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<path d=\"M", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_report_is_a_complete_page()
    {
        var data = Dataset.Generate(500, seed: 7).WriteCsv(folder.File("d.csv"));

        var run = Mrp.Validate(data, "--format", "html");

        Assert.StartsWith("<!DOCTYPE html>", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("</html>", run.Stdout.TrimEnd(), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
