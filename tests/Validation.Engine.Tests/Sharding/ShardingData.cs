using System.Globalization;
using System.Text;
using ParquetSharp;

namespace ModelRisk.Validation.Engine.Tests.Sharding;

/// <summary>
/// Files that exercise everything a merge must reproduce: tied scores, a group column with a group that only
/// appears late and a missing group value, numeric and categorical drift columns with missing values, quoted
/// fields holding commas, escaped quotes and line breaks, blank lines, and CRLF or LF line ends.
/// </summary>
internal sealed class ShardingData : IDisposable
{
    private static readonly string[] Regions = ["north", "South, East", "say \"hi\"", "multi\nline", "crlf\r\ninside", "west"];

    public ShardingData() => Directory.CreateDirectory(Root);

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mrp-shard-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>The data as CSV; <paramref name="newline"/> is "\n" or "\r\n".</summary>
    public string WriteCsv(string name, int rows, string newline, bool trailingNewline = true, int seed = 7)
    {
        var text = new StringBuilder();
        text.Append(newline).Append("id,score,label,segment,income,region,age").Append(newline);
        var rng = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var (score, label, segment, income, region, age) = Row(rng, i, rows);
            text.Append(CultureInfo.InvariantCulture, $"r{i % (rows - 3)},{score.ToString(CultureInfo.InvariantCulture)},{label},{segment},{income},{Quote(region)},{age}");
            if (i < rows - 1 || trailingNewline)
            {
                text.Append(newline);
            }

            if (i % 37 == 5)
            {
                text.Append(newline);
            }
        }

        var path = Path(name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public string WriteReferenceCsv(string name, int rows, int seed = 99)
    {
        var text = new StringBuilder("income,region,age\n\n");
        var rng = new Random(seed);
        string[] regions = [.. Regions, "east only in reference"];
        for (var i = 0; i < rows; i++)
        {
            var income = i % 23 == 0 ? "NA" : Math.Round(rng.NextDouble() * 90, 1).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{income},{Quote(regions[rng.Next(regions.Length)])},{rng.Next(18, 70)}\n");
        }

        var path = Path(name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The same kind of data as Parquet, in row groups of the given sizes.</summary>
    public string WriteParquet(string name, int[] rowGroups, int seed = 7)
    {
        var path = Path(name);
        var rows = rowGroups.Sum();
        var rng = new Random(seed);
        var all = Enumerable.Range(0, rows).Select(i => Row(rng, i, rows)).ToArray();
        using (var writer = new ParquetFileWriter(path, [
            new Column<string>("id"), new Column<double>("score"), new Column<int>("label"), new Column<string?>("segment"),
            new Column<double?>("income"), new Column<string?>("region"), new Column<long>("age")]))
        {
            var at = 0;
            foreach (var size in rowGroups)
            {
                var slice = all.AsSpan(at, size).ToArray();
                at += size;
                using var group = writer.AppendRowGroup();
                Write(group, Enumerable.Range(at - size, size).Select(i => $"r{i % (rows - 3)}").ToArray());
                Write(group, slice.Select(r => r.Score).ToArray());
                Write(group, slice.Select(r => r.Label).ToArray());
                Write(group, slice.Select(r => r.Segment.Length == 0 ? null : r.Segment).ToArray());
                Write(group, slice.Select(r => r.Income == "NA" ? (double?)null : double.Parse(r.Income, CultureInfo.InvariantCulture)).ToArray());
                Write(group, slice.Select(r => (string?)r.Region).ToArray());
                Write(group, slice.Select(r => (long)r.Age).ToArray());
            }

            writer.Close();
        }

        return path;
    }

    private static void Write<T>(RowGroupWriter group, T[] values)
    {
        using var column = group.NextColumn().LogicalWriter<T>();
        column.WriteBatch(values);
    }

    private static (double Score, int Label, string Segment, string Income, string Region, int Age) Row(Random rng, int i, int rows)
    {
        // Two decimals make many ties; the label leans on the score so the metrics are not trivial.
        var score = Math.Round(rng.NextDouble(), 2);
        var label = rng.NextDouble() < (0.2 + (0.6 * score)) ? 1 : 0;
        var segment = i % 29 == 3 ? "" : i > rows * 3 / 4 && i % 5 == 0 ? "late" : (i % 3) switch { 0 => "a", 1 => "b", _ => "c" };
        var income = i % 17 == 2 ? "NA" : Math.Round((rng.NextDouble() * 100) + (label * 5), 1).ToString(CultureInfo.InvariantCulture);
        var region = Regions[rng.Next(Regions.Length)];
        return (score, label, segment, income, region, rng.Next(18, 70));
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
