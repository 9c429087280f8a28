using System.Diagnostics;
using System.Globalization;
using Parquet;
using Parquet.Schema;
using ParquetSharp;

// Usage: ParquetReaders [rows] [runs]. Writes a file shaped like a scored evaluation sample, then reads
// the columns mrp uses (score, label, a text group, three doubles) with each library; prints medians.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var path = Path.Combine(Path.GetTempPath(), $"parquet-readers-{rows}.parquet");
const int RowGroupRows = 1 << 20;
string[] doubles = ["score", "income", "age", "utilization"];

if (!File.Exists(path))
{
    await Write(path, rows);
}

Console.WriteLine($"{rows:N0} rows, {new FileInfo(path).Length / (1024.0 * 1024):0.0} MiB, {runs} runs each");
var checksums = new Dictionary<string, double>();
foreach (var (name, read) in new (string, Func<string, double>)[] { ("Parquet.Net", ReadParquetNet), ("ParquetSharp", ReadParquetSharp) })
{
    read(path);
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        checksums[name] = read(path);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"{name,-13} median {times[times.Count / 2],8:0} ms   min {times[0],8:0} ms   checksum {checksums[name]:R}");
}

return checksums.Values.Distinct().Count() == 1 ? 0 : 1;

static async Task Write(string path, int rows)
{
    var random = new Random(7);
    var fields = new DataField[] { new DataField<double>("score"), new DataField<int>("label"), new DataField<string>("segment"), new DataField<double>("income"), new DataField<double>("age"), new DataField<double>("utilization") };
    string[] segments = ["north", "south", "east", "west"];
    await using var stream = File.Create(path);
    await using var writer = await Parquet.ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
    for (var start = 0; start < rows; start += RowGroupRows)
    {
        var n = Math.Min(RowGroupRows, rows - start);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync((DataField<double>)fields[0], new ReadOnlyMemory<double>([.. Enumerable.Range(0, n).Select(_ => random.NextDouble())]));
        await group.WriteAsync((DataField<int>)fields[1], new ReadOnlyMemory<int>([.. Enumerable.Range(0, n).Select(_ => random.Next(2))]));
        await group.WriteAsync(fields[2], Enumerable.Range(0, n).Select(_ => segments[random.Next(4)]).ToArray());
        for (var f = 3; f < fields.Length; f++)
        {
            await group.WriteAsync((DataField<double>)fields[f], new ReadOnlyMemory<double>([.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 100)]));
        }
    }
}

double ReadParquetNet(string file)
{
    double sum = 0;
    var reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
    var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
    for (var g = 0; g < reader.RowGroupCount; g++)
    {
        using var group = reader.OpenRowGroupReader(g);
        var n = (int)group.RowCount;
        var values = new double[n];
        foreach (var name in doubles)
        {
            group.ReadAsync(fields[name], values.AsMemory()).AsTask().GetAwaiter().GetResult();
            sum += values.Sum();
        }

        var labels = new int[n];
        group.ReadAsync(fields["label"], labels.AsMemory()).AsTask().GetAwaiter().GetResult();
        sum += labels.Sum();
        var text = new string?[n];
        group.ReadAsync(fields["segment"], text.AsMemory()).AsTask().GetAwaiter().GetResult();
        sum += text.Sum(t => t!.Length);
    }

    reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    return sum;
}

double ReadParquetSharp(string file)
{
    double sum = 0;
    using var reader = new ParquetFileReader(file);
    var schema = reader.FileMetaData.Schema;
    for (var g = 0; g < reader.FileMetaData.NumRowGroups; g++)
    {
        using var group = reader.RowGroup(g);
        var n = checked((int)group.MetaData.NumRows);
        var values = new double[n];
        foreach (var name in doubles)
        {
            using var column = group.Column(schema.ColumnIndex(name)).LogicalReader<double>();
            column.ReadBatch(values);
            sum += values.Sum();
        }

        var labels = new int[n];
        using (var column = group.Column(schema.ColumnIndex("label")).LogicalReader<int>())
        {
            column.ReadBatch(labels);
        }

        sum += labels.Sum();
        var text = new string[n];
        using (var column = group.Column(schema.ColumnIndex("segment")).LogicalReader<string>())
        {
            column.ReadBatch(text);
        }

        sum += text.Sum(t => t.Length);
    }

    return sum;
}
