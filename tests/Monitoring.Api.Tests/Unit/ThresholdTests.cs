using ModelRisk.Monitoring.Models.Alerts;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.Monitoring.Models.Points;

namespace ModelRisk.Monitoring.Tests.Unit;

/// <summary>The threshold rules and the per-series breach run, table by table.</summary>
public sealed class ThresholdTests
{
    [Theory]
    // Above: higher is worse (drift, error rates).
    [InlineData(ThresholdDirection.Above, 0.1, 0.25, 0.05, AlertLevel.None)]
    [InlineData(ThresholdDirection.Above, 0.1, 0.25, 0.1, AlertLevel.None)]
    [InlineData(ThresholdDirection.Above, 0.1, 0.25, 0.1000001, AlertLevel.Warning)]
    [InlineData(ThresholdDirection.Above, 0.1, 0.25, 0.25, AlertLevel.Warning)]
    [InlineData(ThresholdDirection.Above, 0.1, 0.25, 0.26, AlertLevel.Critical)]
    [InlineData(ThresholdDirection.Above, null, 0.25, 0.2, AlertLevel.None)]
    [InlineData(ThresholdDirection.Above, null, 0.25, 0.3, AlertLevel.Critical)]
    [InlineData(ThresholdDirection.Above, 0.1, null, 9.0, AlertLevel.Warning)]
    [InlineData(ThresholdDirection.Above, 0.0, null, -1.0, AlertLevel.None)]
    // Below: lower is worse (AUC, accuracy).
    [InlineData(ThresholdDirection.Below, 0.75, 0.7, 0.8, AlertLevel.None)]
    [InlineData(ThresholdDirection.Below, 0.75, 0.7, 0.75, AlertLevel.None)]
    [InlineData(ThresholdDirection.Below, 0.75, 0.7, 0.74, AlertLevel.Warning)]
    [InlineData(ThresholdDirection.Below, 0.75, 0.7, 0.7, AlertLevel.Warning)]
    [InlineData(ThresholdDirection.Below, 0.75, 0.7, 0.69, AlertLevel.Critical)]
    [InlineData(ThresholdDirection.Below, null, null, 0.0, AlertLevel.None)]
    public void A_value_is_classified_by_the_worst_threshold_it_crosses_strictly(ThresholdDirection direction, double? warning, double? critical, double value,
        AlertLevel expected)
    {
        var metric = new PlanMetric("m", null, MetricKind.Custom, direction, warning, critical);

        Assert.Equal(expected, metric.Classify(value));
        if (expected != AlertLevel.None)
        {
            Assert.Equal(expected == AlertLevel.Critical ? critical : warning, metric.ThresholdFor(expected));
        }
    }

    [Theory]
    // Points in order as breach (B) or clean (.), and the breach count after each point (what a plan's
    // consecutive-breach rule is compared with; AlertTests check the firing through the API).
    [InlineData("BBB", "123")]
    [InlineData("BB.BBB", "120123")]
    [InlineData(".B.B", "0101")]
    [InlineData("BBBB.B", "123401")]
    public void A_run_of_breaches_counts_from_its_first_breach_and_a_clean_point_ends_it(string points, string counts)
    {
        var tracker = BreachTracker.Start("t", "plan", "m", "");
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < points.Length; i++)
        {
            var at = start.AddMinutes(i);
            if (points[i] == 'B')
            {
                var count = tracker.Breached(at, at);
                Assert.Equal(counts[i] - '0', count);
                // The run that fires starts at its first breach: that is where the lead time is measured from.
                Assert.Equal(start.AddMinutes(i - count + 1), tracker.FirstBreachAt);
            }
            else
            {
                tracker.Cleared(at);
                Assert.Equal(0, tracker.Consecutive);
                Assert.Null(tracker.FirstBreachAt);
            }
        }
    }

    [Fact]
    public void A_tracker_applies_only_points_newer_than_the_last_it_applied()
    {
        var tracker = BreachTracker.Start("t", "plan", "m", "");
        var at = DateTimeOffset.UnixEpoch.AddHours(1);
        tracker.Breached(at, at);

        Assert.False(tracker.IsNewer(at));
        Assert.False(tracker.IsNewer(at.AddSeconds(-1)));
        Assert.True(tracker.IsNewer(at.AddTicks(1)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("column=income", "column=income")]
    [InlineData("b=2,a=1", "a=1,b=2")]
    [InlineData("a=x\\,y,b=1\\=2,c=back\\\\slash", "a=x\\,y,b=1\\=2,c=back\\\\slash")]
    public void Labels_have_one_canonical_series_name_that_parses_back(string given, string canonical)
    {
        var labels = SeriesLabels.Parse(given);

        Assert.Equal(canonical, SeriesLabels.Canonical(labels));
        Assert.Equal(labels, SeriesLabels.Parse(SeriesLabels.Canonical(labels)));
    }

    [Fact]
    public void The_same_labels_in_another_order_name_the_same_series_and_a_comma_in_a_value_cannot_forge_another()
    {
        var a = SeriesLabels.Canonical(new Dictionary<string, string> { ["locale"] = "de", ["segment"] = "eu" });
        var b = SeriesLabels.Canonical(new Dictionary<string, string> { ["segment"] = "eu", ["locale"] = "de" });
        var forged = SeriesLabels.Canonical(new Dictionary<string, string> { ["locale"] = "de,segment=eu" });

        Assert.Equal(a, b);
        Assert.NotEqual(a, forged);
        Assert.Equal("de,segment=eu", SeriesLabels.Parse(forged)["locale"]);
    }
}
