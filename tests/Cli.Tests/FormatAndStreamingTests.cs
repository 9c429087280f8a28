using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRisk.Cli.Tests;

public sealed class FormatAndStreamingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Csv_and_parquet_give_identical_results()
    {
        var data = Dataset.Generate(5000, seed: 15, shift: 3000);
        var reference = Dataset.Generate(4000, seed: 16);
        var csv = data.WriteCsv(folder.File("d.csv"));
        var parquet = await data.WriteParquetAsync(folder.File("d.parquet"), rowGroupRows: 1500);
        var referenceCsv = reference.WriteCsv(folder.File("ref.csv"));
        var referenceParquet = await reference.WriteParquetAsync(folder.File("ref.parquet"));
        string[] options = ["--group", "region", "--drift-columns", "income,age,region", "--id", "id", "--tier", "high"];

        var fromCsv = Mrp.Validate(csv, [.. options, "--reference", referenceCsv]);
        var fromParquet = Mrp.Validate(parquet, [.. options, "--reference", referenceParquet]);

        Assert.Equal((fromCsv.ExitCode, fromCsv.Stderr), (fromParquet.ExitCode, fromParquet.Stderr));
        Assert.Equal(WithoutFileNames(fromCsv.Stdout), WithoutFileNames(fromParquet.Stdout));
        Assert.Equal(5000, fromParquet.Json.GetProperty("rows").GetInt64());
    }

    [Fact]
    public void Streaming_in_chunks_far_smaller_than_the_file_gives_the_in_memory_answer()
    {
        var data = Dataset.Generate(20_000, seed: 17).WriteCsv(folder.File("d.csv"));
        var reference = Dataset.Generate(5000, seed: 18).WriteCsv(folder.File("ref.csv"));
        string[] options = ["--reference", reference, "--drift-columns", "income,age", "--tier", "medium"];

        var inMemory = Mrp.Validate(data, options);
        var streamed = Mrp.Validate(data, [.. options, "--memory-budget-mb", "0", "--chunk-rows", "777"]);

        Assert.False(inMemory.Json.GetProperty("streamed").GetBoolean());
        Assert.True(streamed.Json.GetProperty("streamed").GetBoolean());
        Assert.Equal(inMemory.ExitCode, streamed.ExitCode);
        AssertClose(inMemory.Json.GetProperty("metrics"), streamed.Json.GetProperty("metrics"));
        Assert.Equal(inMemory.Json.GetProperty("drift").GetRawText(), streamed.Json.GetProperty("drift").GetRawText());
        Assert.Equal(inMemory.Json.GetProperty("quality").GetRawText(), streamed.Json.GetProperty("quality").GetRawText());
    }

    [Fact]
    public void Small_chunks_do_not_change_group_results()
    {
        var data = Dataset.Generate(6000, seed: 19).WriteCsv(folder.File("d.csv"));

        var whole = Mrp.Validate(data, "--group", "region");
        var chunked = Mrp.Validate(data, "--group", "region", "--chunk-rows", "100");

        Assert.Equal(WithoutFileNames(whole.Stdout), WithoutFileNames(chunked.Stdout));
    }

    // Sums and sorts may associate differently when the accumulator merges chunks, so compare to rounding error.
    private static void AssertClose(JsonElement expected, JsonElement actual)
    {
        foreach (var property in expected.EnumerateObject())
        {
            var other = actual.GetProperty(property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Number:
                    Assert.Equal(property.Value.GetDouble(), other.GetDouble(), 1e-9);
                    break;
                case JsonValueKind.Array:
                    Assert.Equal(property.Value[0].GetDouble(), other[0].GetDouble(), 1e-9);
                    Assert.Equal(property.Value[1].GetDouble(), other[1].GetDouble(), 1e-9);
                    break;
                default:
                    Assert.Equal(property.Value.GetRawText(), other.GetRawText());
                    break;
            }
        }
    }

    private static string WithoutFileNames(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("data");
        node.Remove("reference");
        if (node["quality"]?["leakage"] is JsonObject leakage)
        {
            leakage.Remove("train");
        }

        return node.ToJsonString();
    }
}
