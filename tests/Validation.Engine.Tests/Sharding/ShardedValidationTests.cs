using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Reports;
using ModelRisk.Validation.Engine.Running;
using ModelRisk.Validation.Engine.Sharding;

namespace ModelRisk.Validation.Engine.Tests.Sharding;

public sealed class ShardedValidationTests : IDisposable
{
    private readonly ShardingData files = new();

    public void Dispose() => files.Dispose();

    public static TheoryData<string, bool, long> CsvCases()
    {
        var cases = new TheoryData<string, bool, long>();
        foreach (var newline in new[] { "\n", "\r\n" })
        {
            foreach (var target in new long[] { 1, 45, 700, 6000, 1L << 40 })
            {
                cases.Add(newline, true, target);
            }
        }

        cases.Add("\n", false, 1);
        cases.Add("\r\n", false, 333);
        return cases;
    }

    [Theory]
    [MemberData(nameof(CsvCases))]
    public void Sharded_csv_equals_the_single_pass_byte_for_byte(string newline, bool trailingNewline, long targetBytes)
    {
        var data = files.WriteCsv("data.csv", 240, newline, trailingNewline);
        var request = Request(data, files.WriteReferenceCsv("reference.csv", 150), idColumn: "id");

        AssertShardedEqualsSinglePass(request, targetBytes, minimumShards: targetBytes == 1 ? 240 : 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2500)]
    [InlineData(1L << 40)]
    public void Sharded_parquet_equals_the_single_pass_byte_for_byte(long targetBytes)
    {
        var data = files.WriteParquet("data.parquet", [1, 2, 40, 37, 60, 1, 59]);
        var request = Request(data, files.WriteReferenceCsv("reference.csv", 150), idColumn: "id");

        AssertShardedEqualsSinglePass(request, targetBytes, minimumShards: targetBytes == 1 ? 7 : 1);
    }

    [Fact]
    public void Without_a_group_column_the_streamed_binary_metrics_and_default_drift_columns_match()
    {
        var data = files.WriteCsv("data.csv", 200, "\n");
        var request = Request(data, files.WriteReferenceCsv("reference.csv", 120), group: null, driftColumns: null);

        AssertShardedEqualsSinglePass(request, 50, minimumShards: 2);
    }

    [Fact]
    public void The_group_column_as_a_drift_column_gets_the_reference_categories_as_empty_groups_in_both()
    {
        var data = files.WriteCsv("data.csv", 120, "\n");
        var reference = files.Path("reference.csv");
        File.WriteAllText(reference, "segment\na\nb\nonly-in-reference\nc\n\n");
        var request = Request(data, reference, driftColumns: ["segment"]);

        var json = AssertShardedEqualsSinglePass(request, 200, minimumShards: 2);
        Assert.Contains("\"only-in-reference\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_score_is_reported_by_its_shard_with_the_row_inside_it()
    {
        var data = files.Path("bad.csv");
        File.WriteAllText(data, "score,label\n0.1,0\n0.2,1\n0.3,0\n1.7,1\n0.5,0\n");
        var request = new ValidationRequest(data, "score", "label");
        var shards = ShardSplitter.Split(data, 1);

        var errors = shards.Select(s => Record.Exception(() => ShardedValidation.RunShard(request, s))).ToList();

        var error = Assert.IsType<InputException>(Assert.Single(errors, e => e is not null));
        Assert.Equal(3, errors.IndexOf(error));
        Assert.Equal("bad.csv (shard 4 of 5): column 'score' has a score outside [0, 1] at row 1; the metrics need probabilities", error.Message);
    }

    [Fact]
    public void A_header_only_file_is_refused_by_the_merge_as_by_the_single_pass()
    {
        var data = files.Path("empty.csv");
        File.WriteAllText(data, "score,label\n");
        var request = new ValidationRequest(data, "score", "label");
        var single = Assert.Throws<InputException>(() => new ValidationRunner().Run(request));

        var shard = Assert.Single(ShardSplitter.Split(data, 1000));
        var statistics = ShardedValidation.RunShard(request, shard);
        var merged = Assert.Throws<InputException>(() => ShardedValidation.Merge(request, [statistics]));

        Assert.Equal(0, statistics.Rows);
        Assert.Equal(single.Message, merged.Message);
    }

    [Fact]
    public void Merge_refuses_missing_and_duplicate_shards()
    {
        var data = files.WriteCsv("data.csv", 60, "\n");
        var request = Request(data, reference: null, driftColumns: null);
        var shards = ShardSplitter.Split(data, 300).Select(s => ShardedValidation.RunShard(request, s)).ToList();
        Assert.True(shards.Count >= 3);

        var missing = Assert.Throws<ArgumentException>(() => ShardedValidation.Merge(request, shards.Skip(1).ToList()));
        var duplicate = Assert.Throws<ArgumentException>(() => ShardedValidation.Merge(request, [.. shards, shards[1]]));
        var replaced = Assert.Throws<ArgumentException>(() => ShardedValidation.Merge(request, [shards[0], shards[0], .. shards.Skip(2)]));
        Assert.Throws<ArgumentException>(() => ShardedValidation.Merge(request, []));

        Assert.Contains("shards are missing (indexes 0)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("shard 1 appears more than once", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("shard 0 appears more than once", replaced.Message, StringComparison.Ordinal);
        Assert.Equal(
            ValidationJsonWriter.ToJson(new ValidationRunner().Run(request)),
            ValidationJsonWriter.ToJson(ShardedValidation.Merge(request, [.. shards.AsEnumerable().Reverse()])));
    }

    [Theory]
    [InlineData(45)]
    [InlineData(700)]
    public void Shards_folded_in_one_at_a_time_from_their_bytes_equal_the_single_pass(long targetBytes)
    {
        var data = files.WriteCsv("data.csv", 240, "\n");
        var request = Request(data, files.WriteReferenceCsv("reference.csv", 150), idColumn: "id");
        var single = new ValidationRunner().Run(request);
        var shards = ShardSplitter.Split(data, targetBytes);
        Assert.True(shards.Count >= 3);

        // Each shard is computed, serialised, read back and folded in before the next one exists, as the worker's merge reads them.
        var merge = new ShardMerge(request, shards.Count);
        foreach (var shard in shards)
        {
            merge.Add(ShardStatistics.FromBytes(ShardedValidation.RunShard(request, shard).ToBytes()));
            Assert.Equal(shard.Index + 1, merge.Added);
        }

        var merged = merge.Complete();

        Assert.Equal(ValidationJsonWriter.ToJson(single), ValidationJsonWriter.ToJson(merged));
        Assert.Equal(MarkdownReport.Render(single), MarkdownReport.Render(merged));
        Assert.Equal(HtmlReport.Render(single), HtmlReport.Render(merged));
        Assert.Throws<InvalidOperationException>(() => merge.Complete());
    }

    [Fact]
    public void Folding_in_one_at_a_time_refuses_shards_out_of_order_repeated_or_missing()
    {
        var data = files.WriteCsv("data.csv", 60, "\n");
        var request = Request(data, reference: null, driftColumns: null);
        var shards = ShardSplitter.Split(data, 300).Select(s => ShardedValidation.RunShard(request, s)).ToList();
        Assert.True(shards.Count >= 3);
        var merge = new ShardMerge(request, shards.Count);

        var early = Assert.Throws<ArgumentException>(() => merge.Add(shards[1]));
        merge.Add(shards[0]);
        var repeated = Assert.Throws<ArgumentException>(() => merge.Add(shards[0]));
        merge.Add(shards[1]);
        var missing = Assert.Throws<ArgumentException>(() => merge.Complete());
        var otherCount = Assert.Throws<ArgumentException>(() => new ShardMerge(request, shards.Count + 1).Add(shards[0]));

        Assert.Contains("shard 1 came before shard 0", early.Message, StringComparison.Ordinal);
        Assert.Contains("shard 0 appears more than once", repeated.Message, StringComparison.Ordinal);
        Assert.Contains($"{shards.Count - 2} of {shards.Count} shards are missing (indexes 2", missing.Message, StringComparison.Ordinal);
        Assert.Contains("shards disagree on their count", otherCount.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ShardMerge(request, 0));

        // The refusals left the merge as it was: the remaining shards complete it, equal to the single pass.
        foreach (var shard in shards.Skip(2))
        {
            merge.Add(shard);
        }

        Assert.Equal(ValidationJsonWriter.ToJson(new ValidationRunner().Run(request)), ValidationJsonWriter.ToJson(merge.Complete()));
    }

    [Fact]
    public void Merge_refuses_shards_computed_for_another_request()
    {
        var data = files.WriteCsv("data.csv", 60, "\n");
        var request = Request(data, reference: null, driftColumns: null);
        var shards = ShardSplitter.Split(data, 1000).Select(s => ShardedValidation.RunShard(request, s)).ToList();

        var error = Assert.Throws<ArgumentException>(() => ShardedValidation.Merge(request with { GroupColumn = null }, shards));

        Assert.Contains("another request or file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_leakage_check_is_refused_in_sharded_mode()
    {
        var data = files.WriteCsv("data.csv", 30, "\n");
        var request = Request(data, reference: null, driftColumns: null) with { TrainPath = data };
        var shard = ShardSplitter.Split(data, 1000)[0];

        Assert.Throws<ArgumentException>(() => ShardedValidation.RunShard(request, shard));
        Assert.Throws<ArgumentException>(() => ShardedValidation.Merge(request, []));
    }

    [Fact]
    public void A_shard_that_is_not_the_splitters_is_refused()
    {
        var data = files.Path("small.csv");
        File.WriteAllText(data, "score,label\n0.1,0\n0.2,1\n");
        var request = new ValidationRequest(data, "score", "label");

        Assert.Throws<ArgumentException>(() => ShardedValidation.RunShard(request, new ShardSpec(0, 1, ShardUnit.RowGroups, 12, 24)));
        Assert.Throws<ArgumentException>(() => ShardedValidation.RunShard(request, new ShardSpec(1, 1, ShardUnit.Bytes, 12, 24)));
        var inside = Assert.Throws<ArgumentException>(() => ShardedValidation.RunShard(request, new ShardSpec(0, 2, ShardUnit.Bytes, 13, 24)));
        var header = Assert.Throws<ArgumentException>(() => ShardedValidation.RunShard(request, new ShardSpec(0, 2, ShardUnit.Bytes, 4, 24)));
        var beyond = Assert.Throws<ArgumentException>(() => ShardedValidation.RunShard(request, new ShardSpec(0, 2, ShardUnit.Bytes, 18, 99)));

        Assert.Contains("byte 13 does not start a line", inside.Message, StringComparison.Ordinal);
        Assert.Contains("header ends at byte 12", header.Message, StringComparison.Ordinal);
        Assert.Contains("24-byte file", beyond.Message, StringComparison.Ordinal);
        Assert.Equal(1, ShardedValidation.RunShard(request, new ShardSpec(1, 2, ShardUnit.Bytes, 18, 24)).Rows);
    }

    private static ValidationRequest Request(string data, string? reference, string? group = "segment", IReadOnlyList<string>? driftColumns = null, string? idColumn = null) =>
        new(
            data,
            "score",
            "label",
            GroupColumn: group,
            Threshold: 0.45,
            ReferencePath: reference,
            DriftColumns: reference is null ? null : driftColumns ?? ["income", "region", "age"],
            Plan: TestPlanLoader.ForTier(RiskTier.High),
            IdColumn: idColumn,
            Options: new ValidationOptions(ChunkRows: 16, BootstrapResamples: 40, MinGroupRows: 5));

    /// <summary>Runs every shard, passes its statistics through bytes, merges them in reverse, and compares with one pass.</summary>
    private static string AssertShardedEqualsSinglePass(ValidationRequest request, long targetBytes, int minimumShards)
    {
        var single = new ValidationRunner().Run(request);
        var shards = ShardSplitter.Split(request.DataPath, targetBytes);
        Assert.InRange(shards.Count, minimumShards, int.MaxValue);

        var statistics = shards
            .Select(s => ShardStatistics.FromBytes(ShardedValidation.RunShard(request, s).ToBytes()))
            .Reverse()
            .ToList();
        var merged = ShardedValidation.Merge(request, statistics);

        var json = ValidationJsonWriter.ToJson(single);
        Assert.Equal(json, ValidationJsonWriter.ToJson(merged));
        Assert.Equal(MarkdownReport.Render(single), MarkdownReport.Render(merged));
        Assert.Equal(HtmlReport.Render(single), HtmlReport.Render(merged));
        Assert.Equal(single.Rows, statistics.Sum(s => s.Rows));
        return json;
    }
}
