using ModelRisk.Validation.Engine.Drift;

namespace ModelRisk.Validation.Engine.Tests.Sharding;

public sealed class ValueCountsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void Tables_merged_from_parts_give_the_whole_samples_drift_exactly(int parts)
    {
        var rng = new Random(parts);

        // Rounded values tie often; -0.0 and 0.0 must count as one value.
        var current = Enumerable.Range(0, 2000).Select(_ => Math.Round((rng.NextDouble() * 6) - 3, 1)).Append(-0.0).Append(0.0).ToArray();
        var reference = Enumerable.Range(0, 1500).Select(_ => Math.Round((rng.NextDouble() * 5) - 2.5, 2)).ToArray();
        var merged = ValueCounts.Empty;
        var size = (current.Length + parts - 1) / parts;
        var sortBuffer = new double[size];
        var endsBuffer = new long[size];
        foreach (var part in current.Chunk(size))
        {
            merged = ValueCounts.Merge(merged, ValueCounts.Of(part, sortBuffer, endsBuffer));
        }

        var whole = ValueCounts.Of(current);

        Assert.Equal(whole.Values.AsSpan(0, whole.Count).ToArray(), merged.Values.AsSpan(0, merged.Count).ToArray());
        Assert.Equal(whole.Ends.AsSpan(0, whole.Count).ToArray(), merged.Ends.AsSpan(0, merged.Count).ToArray());
        Assert.Equal(NumericDrift.Compute(reference, current), NumericDrift.FromCounts(ValueCounts.Of(reference), merged));
    }

    [Fact]
    public void Counts_that_are_not_a_table_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ValueCounts.FromCounts([1, 1], [1, 1]));
        Assert.Throws<ArgumentException>(() => ValueCounts.FromCounts([2, 1], [1, 1]));
        Assert.Throws<ArgumentException>(() => ValueCounts.FromCounts([double.NaN], [1]));
        Assert.Throws<ArgumentException>(() => ValueCounts.FromCounts([-0.0], [1]));
        Assert.Throws<ArgumentException>(() => ValueCounts.FromCounts([1], [0]));
        Assert.Equal(5, ValueCounts.FromCounts([1, 2], [2, 3]).Total);
    }
}
