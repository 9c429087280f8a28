using Encoding = System.Text.Encoding;
using ModelRisk.Validation.Engine.Sharding;
using ParquetSharp;

namespace ModelRisk.Validation.Engine.Tests.Sharding;

public sealed class ShardSplitterTests : IDisposable
{
    private readonly ShardingData files = new();

    public void Dispose() => files.Dispose();

    public static TheoryData<string, long> Files()
    {
        var data = new TheoryData<string, long>();
        string[] texts =
        [
            "a,b\n1,2\n3,4\n",
            "a,b\r\n1,2\r\n\r\n3,4\r\n5,6",
            "\n\na,\"b\nc\"\n\"x\ny\",1\n\"he said \"\"hi\"\"\n\",2\n\"\"\"\",3\n\n",
            "a,b\n\"line\r\nbreak, and comma\",\"\"\"\n\"\"\"\n9,9\n",
        ];
        foreach (var text in texts)
        {
            foreach (var target in new long[] { 1, 2, 3, 5, 8, 13, 1000 })
            {
                data.Add(text, target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Shards_cover_the_records_once_and_start_only_where_records_start(string text, long targetBytes)
    {
        var path = files.Path("data.csv");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        var (headerEnd, starts) = RecordStarts(Encoding.UTF8.GetBytes(text));

        var shards = ShardSplitter.Split(path, targetBytes);

        Assert.Equal(headerEnd, shards[0].Start);
        Assert.Equal(text.Length, shards[^1].End);
        for (var i = 0; i < shards.Count; i++)
        {
            Assert.Equal(new ShardSpec(i, shards.Count, ShardUnit.Bytes, shards[i].Start, shards[i].End), shards[i]);
            Assert.True(shards[i].Start < shards[i].End);
            Assert.Contains(shards[i].Start, starts);
            if (i > 0)
            {
                Assert.Equal(shards[i - 1].End, shards[i].Start);
                Assert.True(shards[i].End - shards[i].Start >= 1);
                Assert.True(shards[i - 1].End - shards[i - 1].Start >= targetBytes);
            }
        }
    }

    [Fact]
    public void A_target_of_one_byte_gives_one_shard_per_record_and_never_splits_quoted_line_breaks()
    {
        var path = files.Path("data.csv");
        File.WriteAllText(path, "a,b\n\"x\ny\",1\n\"q\"\"\n\",2\n\n3,4");

        var shards = ShardSplitter.Split(path, 1);

        Assert.Equal([(4L, 12L), (12L, 21L), (21L, 22L), (22L, 25L)], shards.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void A_file_below_the_target_is_one_shard()
    {
        var path = files.Path("data.csv");
        File.WriteAllText(path, "a,b\n1,2\n3,4\n");

        var shard = Assert.Single(ShardSplitter.Split(path, 1 << 20));

        Assert.Equal(new ShardSpec(0, 1, ShardUnit.Bytes, 4, 12), shard);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a,b\n", 4)]
    [InlineData("a,b\r\n", 5)]
    [InlineData("a,b", 3)]
    [InlineData("\n\na,\"b\nc\"\r\n", 11)]
    public void An_empty_or_header_only_file_is_one_empty_shard(string text, long end)
    {
        var path = files.Path("data.csv");
        File.WriteAllText(path, text);

        var shard = Assert.Single(ShardSplitter.Split(path, 1));

        Assert.Equal(new ShardSpec(0, 1, ShardUnit.Bytes, end, end), shard);
    }

    [Fact]
    public void Parquet_is_split_into_whole_row_groups_by_compressed_size()
    {
        var path = files.Path("data.parquet");
        using (var writer = new ParquetFileWriter(path, [new Column<double>("x")]))
        {
            foreach (var size in new[] { 10, 1000, 10, 10, 2000 })
            {
                using var group = writer.AppendRowGroup();
                using var column = group.NextColumn().LogicalWriter<double>();
                column.WriteBatch(Enumerable.Range(0, size).Select(i => i * 1.5).ToArray());
            }

            writer.Close();
        }

        var each = ShardSplitter.Split(path, 1);
        var whole = ShardSplitter.Split(path, 1L << 40);
        var sized = ShardSplitter.Split(path, 5000);

        Assert.Equal([(0L, 1L), (1L, 2L), (2L, 3L), (3L, 4L), (4L, 5L)], each.Select(s => (s.Start, s.End)));
        Assert.All(each, s => Assert.Equal(ShardUnit.RowGroups, s.Unit));
        Assert.Equal(new ShardSpec(0, 1, ShardUnit.RowGroups, 0, 5), Assert.Single(whole));

        // The 1000-row group alone reaches 5000 compressed bytes; the three small ones after it do not.
        Assert.Equal([(0L, 2L), (2L, 5L)], sized.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var path = files.Path("data.csv");
        File.WriteAllText(path, "a\n1\n");

        Assert.Throws<ArgumentOutOfRangeException>(() => ShardSplitter.Split(path, 0));
        Assert.Throws<ModelRisk.Validation.Engine.Data.InputException>(() => ShardSplitter.Split(files.Path("absent.csv"), 10));
    }

    /// <summary>An independent byte-by-byte reading of where records start (after the header), by quote parity.</summary>
    private static (long HeaderEnd, HashSet<long> Starts) RecordStarts(byte[] bytes)
    {
        var i = 0;
        while (i < bytes.Length && bytes[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        var quoted = false;
        long headerEnd = -1;
        var starts = new HashSet<long>();
        for (; i < bytes.Length; i++)
        {
            if (bytes[i] == '"')
            {
                quoted = !quoted;
            }
            else if (bytes[i] == '\n' && !quoted)
            {
                if (headerEnd < 0)
                {
                    headerEnd = i + 1;
                }

                starts.Add(i + 1);
            }
        }

        headerEnd = headerEnd < 0 ? bytes.Length : headerEnd;
        starts.Add(headerEnd);
        return (headerEnd, starts);
    }
}
