using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Properties;

public class GroupPropertyTests
{
    private static readonly string[] Names = ["g0", "g1", "g2", "g3"];

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Merged_group_shards_report_exactly_as_one_pass(int shards)
    {
        var data = ReferenceData.Csv("fairness.csv");
        var scores = data["score"];
        var labels = ReferenceData.Labels(data["label"]);
        var codes = ReferenceData.Codes(data["group"]);
        var options = new GroupOptions(BootstrapResamples: 200);
        var whole = GroupMetrics.Compute(scores, labels, codes, Names, options);

        var merged = new GroupAccumulator(Names.Length);
        var size = scores.Length / shards;
        for (var s = 0; s < shards; s++)
        {
            var range = (s * size)..(s == shards - 1 ? scores.Length : (s + 1) * size);
            var shard = new GroupAccumulator(Names.Length);
            shard.Add(scores.AsSpan(range), labels.AsSpan(range), codes.AsSpan(range));
            merged.Merge(GroupAccumulator.FromBytes(shard.ToBytes()));
        }

        var report = merged.ToReport(Names, options);

        Assert.Equal(whole.Fairness, report.Fairness);
        foreach (var name in Names)
        {
            Assert.Equal(whole.Groups[name], report.Groups[name]);
        }
    }

    [Fact]
    public void Accumulators_with_different_group_counts_do_not_merge()
    {
        Assert.Throws<ArgumentException>(() => new GroupAccumulator(2).Merge(new GroupAccumulator(3)));
        Assert.Throws<FormatException>(() => GroupAccumulator.FromBytes([1, 0, 0, 0, 9]));
    }
}
