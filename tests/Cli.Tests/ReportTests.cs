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

    /// <summary>Group values and column names come from the data, so a report must show them as text, never run them.</summary>
    [Fact]
    public void Hostile_group_values_and_column_names_are_text_in_the_markdown_report()
    {
        var run = HostileReport("markdown");

        Assert.Contains("Groups by &lt;b&gt;seg&lt;/b&gt;", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| &lt;script&gt;alert(1)&lt;/script&gt; |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| a\\|b |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| \\`rm -rf\\` |", run.Stdout, StringComparison.Ordinal);

        // Every row of the groups table keeps the header's six cells: no value's pipe opens another column.
        var table = run.Stdout[run.Stdout.IndexOf("## Groups by", StringComparison.Ordinal)..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(6, table.Count); // header, rule and four groups
        Assert.All(table, row => Assert.Equal(7, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|")));
    }

    [Fact]
    public void Hostile_group_values_and_column_names_are_text_in_the_html_report()
    {
        var run = HostileReport("html");

        Assert.Contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A report on data whose group column is named <c>&lt;b&gt;seg&lt;/b&gt;</c> and whose groups are hostile; no tag may survive.</summary>
    private MrpRun HostileReport(string format)
    {
        var run = Mrp.Validate(folder.Write("d.csv", HostileCsv()), "--group", "<b>seg</b>", "--format", format);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("<script", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", run.Stdout, StringComparison.Ordinal);
        return run;
    }

    private static string HostileCsv()
    {
        string[] groups = ["<script>alert(1)</script>", "a|b", "`rm -rf`", "plain"];
        var random = new Random(5);
        var csv = new System.Text.StringBuilder("score,label,<b>seg</b>\n");
        for (var i = 0; i < 400; i++)
        {
            var label = random.Next(2);
            var score = Math.Round(Math.Clamp((0.3 * label) + (0.7 * random.NextDouble()), 0, 1), 4);
            var group = groups[i % groups.Length];
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{score},{label},\"{group}\"\n");
        }

        return csv.ToString();
    }

    [Fact]
    public void A_fairness_interval_made_unstable_by_a_small_group_says_so_in_the_json_and_the_reports()
    {
        var random = new Random(3);
        var csv = new System.Text.StringBuilder("score,label,segment\n");
        foreach (var (group, rows, selected) in new[] { ("big", 600, 180), ("bigger", 900, 280), ("tiny", 35, 4) })
        {
            for (var i = 0; i < rows; i++)
            {
                var score = i < selected ? 0.6 + (0.3 * random.NextDouble()) : 0.4 * random.NextDouble();
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{score:0.####},{random.Next(2)},{group}\n");
            }
        }

        var data = folder.Write("d.csv", csv.ToString());

        var json = Mrp.Validate(data, "--group", "segment");
        var markdown = Mrp.Validate(data, "--group", "segment", "--format", "markdown");

        var note = json.Json.GetProperty("fairness").GetProperty("demographic_parity_ratio_ci_note").GetString();
        Assert.Equal("unstable: group 'tiny' (4 selected rows) below 10 rows on a side of a rate", note);
        Assert.Contains("unstable: group 'tiny' (4 selected rows)", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("(BCa)", markdown.Stdout, StringComparison.Ordinal);
    }
}
