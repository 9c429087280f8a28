using System.Buffers.Binary;
using ModelRisk.Validation.Engine.Running;
using ModelRisk.Validation.Engine.Sharding;

namespace ModelRisk.Validation.Engine.Tests.Sharding;

public sealed class ShardStatisticsFormatTests : IDisposable
{
    private readonly ShardingData files = new();
    private readonly ValidationRequest request;
    private readonly List<ShardStatistics> shards;

    public ShardStatisticsFormatTests()
    {
        var data = files.WriteCsv("data.csv", 40, "\n");
        request = new ValidationRequest(
            data,
            "score",
            "label",
            GroupColumn: "segment",
            ReferencePath: files.WriteReferenceCsv("reference.csv", 30),
            DriftColumns: ["income", "region"],
            IdColumn: "id",
            Options: new ValidationOptions(BootstrapResamples: 20, MinGroupRows: 3));
        shards = [.. ShardSplitter.Split(data, 600).Select(s => ShardedValidation.RunShard(request, s))];
    }

    public void Dispose() => files.Dispose();

    [Fact]
    public void Statistics_survive_the_round_trip_and_merge_to_the_same_result()
    {
        var bytes = shards.Select(s => s.ToBytes()).ToList();
        var read = bytes.Select(b => ShardStatistics.FromBytes(b)).ToList();

        Assert.True(shards.Count >= 3);
        Assert.Equal(bytes, read.Select(s => s.ToBytes()));
        Assert.Equal(shards.Select(s => (s.ShardIndex, s.ShardCount, s.Rows)), read.Select(s => (s.ShardIndex, s.ShardCount, s.Rows)));
        Assert.Equal(
            ValidationJsonWriter.ToJson(ShardedValidation.Merge(request, shards)),
            ValidationJsonWriter.ToJson(ShardedValidation.Merge(request, read)));
        Assert.Equal("MRSS"u8.ToArray(), bytes[0][..4]);
        Assert.Equal(ShardStatistics.FormatVersion, BinaryPrimitives.ReadInt32LittleEndian(bytes[0].AsSpan(4)));
    }

    [Fact]
    public void Wrong_magic_is_refused_clearly()
    {
        var bytes = shards[0].ToBytes();
        bytes[1] ^= 0xFF;

        var error = Assert.Throws<FormatException>(() => ShardStatistics.FromBytes(bytes));

        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_future_version_is_refused_clearly()
    {
        var bytes = shards[0].ToBytes();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), ShardStatistics.FormatVersion + 1);

        var error = Assert.Throws<FormatException>(() => ShardStatistics.FromBytes(bytes));

        Assert.Equal(
            $"shard statistics format version {ShardStatistics.FormatVersion + 1} is not supported; this engine reads version {ShardStatistics.FormatVersion}",
            error.Message);
    }

    [Fact]
    public void Every_truncation_fails_with_a_format_exception()
    {
        foreach (var shard in shards)
        {
            var bytes = shard.ToBytes();
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                var error = Record.Exception(() => ShardStatistics.FromBytes(bytes[..cut]));
                Assert.True(error is FormatException, $"cut at {cut} of {bytes.Length}: {error?.GetType().Name ?? "no exception"}");
            }
        }
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        byte[] bytes = [.. shards[0].ToBytes(), 0];

        var error = Assert.Throws<FormatException>(() => ShardStatistics.FromBytes(bytes));

        Assert.Contains("1 trailing bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_count_fails_cleanly_rather_than_allocating()
    {
        var bytes = shards[0].ToBytes();

        // The first column section's name length follows magic, version, the shard section (9 + 64 bytes) and the column's tag and length.
        var nameLength = 8 + 9 + 64 + 9;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(nameLength), int.MaxValue);

        Assert.Throws<FormatException>(() => ShardStatistics.FromBytes(bytes));
    }

    [Fact]
    public void Statistics_opened_from_files_merge_to_the_same_result_with_their_tables_left_in_the_files()
    {
        var paths = shards.Select((s, i) => WriteShard(i, s.ToBytes())).ToList();

        var opened = paths.Select(ShardStatistics.Open).ToList();

        Assert.Equal(shards.Select(s => s.ToBytes()), opened.Select(s => s.ToBytes()));
        var merge = new ShardMerge(request, opened.Count);
        foreach (var shard in opened)
        {
            merge.Add(shard);
        }

        Assert.Equal(ValidationJsonWriter.ToJson(ShardedValidation.Merge(request, shards)), ValidationJsonWriter.ToJson(merge.Complete()));
    }

    [Fact]
    public void Every_truncation_of_a_file_fails_with_a_format_exception_when_it_is_opened()
    {
        var bytes = shards[0].ToBytes();
        var path = files.Path("cut.mrss");
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            File.WriteAllBytes(path, bytes[..cut]);
            var error = Record.Exception(() => ShardStatistics.Open(path));
            Assert.True(error is FormatException, $"cut at {cut} of {bytes.Length}: {error?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void A_table_entry_without_rows_is_refused_in_memory_and_from_a_file()
    {
        var bytes = shards[0].ToBytes();
        // The last section is the last group's score table: its last entry, with no positives and no negatives, counts nothing.
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), 0);

        var inMemory = Assert.Throws<FormatException>(() => ShardStatistics.FromBytes(bytes));
        var fromFile = Assert.Throws<FormatException>(() => ShardStatistics.Open(WriteShard(0, bytes)));

        Assert.Contains("table is invalid", inMemory.Message, StringComparison.Ordinal);
        Assert.Equal(inMemory.Message, fromFile.Message);
    }

    private string WriteShard(int index, byte[] bytes)
    {
        var path = files.Path($"shard-{index}.mrss");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
