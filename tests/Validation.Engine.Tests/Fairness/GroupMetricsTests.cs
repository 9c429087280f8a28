using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Fairness;

public class GroupMetricsTests
{
    private static readonly string[] Names = ["g0", "g1", "g2", "g3"];

    [Fact]
    public void Slices_and_gaps_match_the_reference()
    {
        var data = ReferenceData.Csv("fairness.csv");
        var expected = ReferenceData.Expected.GetProperty("fairness");

        var report = GroupMetrics.Compute(data["score"], ReferenceData.Labels(data["label"]), ReferenceData.Codes(data["group"]), Names, new GroupOptions(BootstrapResamples: 200));

        foreach (var name in Names)
        {
            var slice = report.Groups[name];
            var want = expected.GetProperty("groups").GetProperty(name);
            Assert.Equal(want.GetProperty("rows").GetInt64(), slice.Rows);
            Assert.Equal(slice.Rows < 30, slice.BelowMinimumSize);
            Approx.Equal(want.Number("selectionRate"), slice.SelectionRate, what: $"{name} selection");
            Approx.Equal(want.Number("tpr"), slice.Tpr, what: $"{name} tpr");
            Approx.Equal(want.Number("fpr"), slice.Fpr, what: $"{name} fpr");
            if (want.GetProperty("rocAuc").ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                Approx.Equal(want.Number("rocAuc"), slice.RocAuc, what: $"{name} auc");
            }
        }

        Assert.True(report.Groups["g3"].BelowMinimumSize);
        var fairness = report.Fairness;
        Approx.Equal(expected.Number("demographicParityDifference"), fairness.DemographicParityDifference.Value, what: "dpd");
        Approx.Equal(expected.Number("demographicParityRatio"), fairness.DemographicParityRatio.Value, what: "dpr");
        Approx.Equal(expected.Number("equalizedOddsDifference"), fairness.EqualizedOddsDifference.Value, what: "eod");
        foreach (var metric in new[] { fairness.DemographicParityDifference, fairness.DemographicParityRatio, fairness.EqualizedOddsDifference })
        {
            Assert.NotNull(metric.Ci);
            Assert.InRange(metric.Value.Value!.Value, metric.Ci.Value.Low, metric.Ci.Value.High);
        }
    }

    [Fact]
    public void Intervals_are_reproducible_from_the_seed()
    {
        var data = ReferenceData.Csv("fairness.csv");
        var options = new GroupOptions(BootstrapResamples: 100, Seed: 5);
        GroupReport Run() => GroupMetrics.Compute(data["score"], ReferenceData.Labels(data["label"]), ReferenceData.Codes(data["group"]), Names, options);

        Assert.Equal(Run().Fairness, Run().Fairness);
    }

    [Fact]
    public void Fewer_than_two_eligible_groups_leave_the_gaps_undefined()
    {
        var report = GroupMetrics.Compute([0.2, 0.8, 0.6], [0, 1, 1], [0, 0, 1], ["big", "small"], new GroupOptions(MinSliceRows: 2));

        Assert.False(report.Groups["big"].BelowMinimumSize);
        Assert.True(report.Groups["small"].BelowMinimumSize);
        Assert.False(report.Fairness.DemographicParityDifference.Value.IsDefined);
        Assert.Null(report.Fairness.DemographicParityDifference.Ci);
        Assert.False(report.Groups["small"].RocAuc.IsDefined);
        Assert.False(report.Groups["small"].Fpr.IsDefined);
    }

    [Fact]
    public void Bad_group_codes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupMetrics.Compute([0.2], [0], [3], ["a"], new GroupOptions()));
    }
}
