using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace ModelRisk.Cli.Tests;

/// <summary>
/// A synthetic scored sample: the score is informative about the label, four regions, three numeric
/// features. Values are written with round-trip formatting so CSV and Parquet hold identical numbers.
/// </summary>
public sealed class Dataset
{
    private static readonly string[] Regions = ["north", "south", "east", "west"];

    public required long[] Id { get; init; }

    public required double[] Score { get; init; }

    public required int[] Label { get; init; }

    public required string[] Region { get; init; }

    public required double[] Income { get; init; }

    public required double[] Age { get; init; }

    public required double[] Tenure { get; init; }

    public int Rows => Score.Length;

    /// <param name="signal">How far positives' scores sit above negatives'; 0 gives a useless model.</param>
    /// <param name="shift">Added to income, to create drift against an unshifted reference.</param>
    public static Dataset Generate(int rows, int seed, double signal = 1.5, double shift = 0)
    {
        var random = new Random(seed);
        var data = new Dataset
        {
            Id = new long[rows],
            Score = new double[rows],
            Label = new int[rows],
            Region = new string[rows],
            Income = new double[rows],
            Age = new double[rows],
            Tenure = new double[rows],
        };
        for (var i = 0; i < rows; i++)
        {
            var label = random.NextDouble() < 0.3 ? 1 : 0;
            var logit = -0.8 + (signal * (label - 0.3)) + Normal(random);
            data.Id[i] = i + 1;
            data.Label[i] = label;
            data.Score[i] = Math.Round(1 / (1 + Math.Exp(-logit)), 6);
            data.Region[i] = Regions[random.Next(Regions.Length)];
            data.Income[i] = Math.Round(50_000 + (12_000 * Normal(random)) + shift, 2);
            data.Age[i] = Math.Round(40 + (12 * Normal(random)), 1);
            data.Tenure[i] = random.Next(0, 240);
        }

        return data;
    }

    public string ToCsv()
    {
        var csv = new StringBuilder("id,score,label,region,income,age,tenure\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Id[i]},{Score[i]:R},{Label[i]},{Region[i]},{Income[i]:R},{Age[i]:R},{Tenure[i]:R}\n");
        }

        return csv.ToString();
    }

    public string WriteCsv(string path)
    {
        File.WriteAllText(path, ToCsv());
        return path;
    }

    public async Task<string> WriteParquetAsync(string path, int rowGroupRows = 1000)
    {
        var id = new DataField<long>("id");
        var score = new DataField<double>("score");
        var label = new DataField<int>("label");
        var region = new DataField<string>("region");
        var income = new DataField<double>("income");
        var age = new DataField<double>("age");
        var tenure = new DataField<double>("tenure");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, score, label, region, income, age, tenure), stream);
        for (var start = 0; start < Rows; start += rowGroupRows)
        {
            var count = Math.Min(rowGroupRows, Rows - start);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(id, new ReadOnlyMemory<long>(Id, start, count));
            await group.WriteAsync(score, new ReadOnlyMemory<double>(Score, start, count));
            await group.WriteAsync(label, new ReadOnlyMemory<int>(Label, start, count));
            await group.WriteAsync(region, Region[start..(start + count)]);
            await group.WriteAsync(income, new ReadOnlyMemory<double>(Income, start, count));
            await group.WriteAsync(age, new ReadOnlyMemory<double>(Age, start, count));
            await group.WriteAsync(tenure, new ReadOnlyMemory<double>(Tenure, start, count));
        }

        return path;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
