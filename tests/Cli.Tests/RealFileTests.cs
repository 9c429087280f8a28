using System.Text;

namespace ModelRisk.Cli.Tests;

/// <summary>
/// Files as spreadsheets, pandas and hand edits leave them: blank lines, duplicated header names, damaged
/// or binary content. Each is read as pandas reads it, or refused with one printable line naming the file
/// and the column or row at fault.
/// </summary>
public sealed class RealFileTests : IDisposable
{
    private const string Rows = "0.1,0,5\n0.9,1,7\n0.3,0,5\n0.7,1,6\n0.2,0,5\n0.6,1,8\n";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("a blank last line, LF", "score,label,x\n" + Rows + "\n", 1)]
    [InlineData("a blank last line, CRLF", "score,label,x\r\n0.1,0,5\r\n0.9,1,7\r\n0.3,0,5\r\n0.7,1,6\r\n0.2,0,5\r\n0.6,1,8\r\n\r\n", 1)]
    [InlineData("blank lines before the header, between rows and at the end", "\nscore,label,x\n0.1,0,5\n0.9,1,7\n\n0.3,0,5\n0.7,1,6\n\n\n0.2,0,5\n0.6,1,8\n\n", 5)]
    public void Blank_lines_are_skipped_and_counted(string shape, string csv, int blank)
    {
        var plain = Mrp.Validate(folder.Write("plain.csv", "score,label,x\n" + Rows));
        var run = Mrp.Validate(folder.Write("blank.csv", csv));

        Assert.True(run.ExitCode == 0, $"{shape}: {run.Stderr}");
        Assert.Equal(6, run.Json.GetProperty("rows").GetInt64());
        Assert.Equal(blank, run.Json.GetProperty("quality").GetProperty("blank_lines").GetInt64());
        Assert.Equal(
            plain.Json.GetProperty("metrics").GetProperty("roc_auc").GetDouble(),
            run.Json.GetProperty("metrics").GetProperty("roc_auc").GetDouble());
    }

    [Fact]
    public void A_single_column_file_with_a_blank_last_line_reads_the_blank_as_skipped()
    {
        var reference = folder.Write("ref.csv", "x\n5\n6\n7\n\n");
        var data = folder.Write("d.csv", "score,label,x\n" + Rows);

        var run = Mrp.Validate(data, "--reference", reference, "--drift-columns", "x");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(3, run.Json.GetProperty("drift").GetProperty("x").GetProperty("reference_rows").GetInt64());
        Assert.Contains(run.Json.GetProperty("quality").GetProperty("notes").EnumerateArray(), n => n.GetString() == "ref.csv: 1 blank lines skipped");
    }

    [Fact]
    public void A_row_of_another_width_is_still_refused_with_its_row_and_line()
    {
        var message = BadInput(Mrp.Validate(folder.Write("d.csv", "score,label,x\n0.1,0,5\n\n0.9,1\n")));

        Assert.Contains("d.csv: row 2 (line 4) has 2 columns but the header has 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unused_duplicated_column_in_the_data_is_ignored_with_a_note()
    {
        var data = folder.Write("d.csv", "score,label,x,x\n" + Rows.Replace("\n", ",1\n", StringComparison.Ordinal));

        var run = Mrp.Validate(data);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var note = Assert.Single(run.Json.GetProperty("quality").GetProperty("notes").EnumerateArray()).GetString();
        Assert.Equal("d.csv: column 'x' appears more than once in the header; this run does not use it, so it was ignored", note);
    }

    [Fact]
    public void A_duplicated_column_in_the_reference_is_left_out_of_default_drift_with_a_note()
    {
        var data = folder.Write("d.csv", "score,label,x,y\n" + Rows.Replace("\n", ",1\n", StringComparison.Ordinal));
        var reference = folder.Write("ref.csv", "x,y,y\n5,1,2\n6,1,2\n7,2,1\n");

        var run = Mrp.Validate(data, "--reference", reference);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["x"], run.Json.GetProperty("drift").EnumerateObject().Select(p => p.Name));
        Assert.Contains(run.Json.GetProperty("quality").GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("ref.csv: column 'y' appears more than once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("the label", "score,label,label\n0.1,0,0\n0.9,1,1\n", "d.csv", "data")]
    [InlineData("a drift column of the reference", "score,label,x\n" + Rows, "ref.csv", "reference")]
    public void A_duplicated_column_the_run_uses_is_refused_naming_file_and_column(string what, string csv, string file, string where)
    {
        var data = folder.Write("d.csv", csv);
        var reference = folder.Write("ref.csv", "x,x\n1,2\n3,4\n");
        string[] more = where == "reference" ? ["--reference", reference, "--drift-columns", "x"] : [];

        var message = BadInput(Mrp.Validate(data, more));

        var column = where == "reference" ? "x" : "label";
        Assert.True(message.Contains($"{file}: column '{column}' appears more than once in the header", StringComparison.Ordinal), $"{what}: {message}");
    }

    [Fact]
    public void A_corrupt_parquet_file_is_refused_without_internal_type_names()
    {
        var data = folder.File("d.parquet");
        File.WriteAllBytes(data, [.. "PAR1"u8, 0, 1, 2, 0xff, 0xfe, 0x1b, .. "[31m"u8, .. "PAR1"u8]);

        var message = BadInput(Mrp.Validate(data));

        Assert.StartsWith("mrp: d.parquet: not a readable Parquet file (", message, StringComparison.Ordinal);
        Assert.DoesNotContain("N7parquet", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_bytes_in_a_value_are_escaped_and_capped()
    {
        var data = folder.File("d.csv");
        var row = new byte[] { 0x1b, (byte)'[', (byte)'2', (byte)'J', 0x07, 0x00, 0xff, 0xfe };
        File.WriteAllBytes(data, [.. "score,label\n"u8, .. Enumerable.Repeat(row, 20).SelectMany(r => r), .. ",1\n"u8]);

        var message = BadInput(Mrp.Validate(data));

        Assert.Contains("d.csv: row 1, column 'score': '\\x1b[2J\\x07\\x00\\ufffd\\ufffd\\x1b[2J", message, StringComparison.Ordinal);
        Assert.Contains("…' is not a number", message, StringComparison.Ordinal);
        Assert.True(message.Length < 300, message);
    }

    [Fact]
    public void A_binary_header_name_is_escaped_when_quoted()
    {
        var data = folder.File("d.csv");
        File.WriteAllBytes(data, [.. "sc\u001bre,label\n0.1,0\n"u8]);

        var message = BadInput(Mrp.Validate(data));

        Assert.Contains("no column 'score'; columns are: sc\\x1bre, label", message, StringComparison.Ordinal);
    }

    /// <summary>Exit 2, nothing on stdout, and one line on stderr with nothing a terminal would act on.</summary>
    private static string BadInput(MrpRun run)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = run.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain(line, c => char.IsControl(c) || c == '\ufffd');
        Assert.Contains(": ", line, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(line));
    }
}
