using ModelRisk.Validation.Engine.Classification;

namespace ModelRisk.Validation.Engine.Tests.Properties;

public class BinaryPropertyTests
{
    private static readonly BinaryOptions Options = new(MaxCurvePoints: 64);

    /// <summary>Scores on a 1/1024 grid: plenty of ties, and 1 − s and s² stay exact and injective.</summary>
    private static (double[] Scores, byte[] Labels) GridData(int seed, int n)
    {
        var rng = new Random(seed);
        var scores = new double[n];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = (byte)(rng.NextDouble() < 0.35 ? 1 : 0);
            var k = Math.Clamp(rng.Next(0, 700) + (labels[i] * 250), 0, 1024);
            scores[i] = k / 1024.0;
        }

        return (scores, labels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Auc_is_unchanged_by_a_strictly_increasing_transform(int seed)
    {
        var (scores, labels) = GridData(seed, 5000);
        var squared = scores.Select(s => s * s).ToArray();
        var shifted = scores.Select(s => 0.25 + (s / 2)).ToArray();

        var auc = BinaryMetrics.RocAuc(scores, labels).Value!.Value;

        Assert.Equal(auc, BinaryMetrics.RocAuc(squared, labels).Value!.Value, 14);
        Assert.Equal(auc, BinaryMetrics.RocAuc(shifted, labels).Value!.Value, 14);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Auc_of_the_reversed_score_is_one_minus_auc(int seed)
    {
        var (scores, labels) = GridData(seed, 4000);
        var reversed = scores.Select(s => 1 - s).ToArray();

        var auc = BinaryMetrics.RocAuc(scores, labels).Value!.Value;

        Assert.Equal(1 - auc, BinaryMetrics.RocAuc(reversed, labels).Value!.Value, 14);
    }

    [Theory]
    [InlineData(6, 3)]
    [InlineData(7, 7)]
    public void Merging_shards_gives_exactly_the_one_pass_report(int seed, int shards)
    {
        var (scores, labels) = GridData(seed, 6000);
        var rng = new Random(seed);
        var continuous = scores.Select((s, i) => i % 2 == 0 ? s : rng.NextDouble()).ToArray();
        var whole = BinaryMetrics.Compute(continuous, labels, Options);

        var merged = new BinaryAccumulator();
        var size = continuous.Length / shards;
        for (var s = 0; s < shards; s++)
        {
            var start = s * size;
            var end = s == shards - 1 ? continuous.Length : start + size;
            var shard = new BinaryAccumulator();
            shard.Add(continuous.AsSpan(start..end), labels.AsSpan(start..end));
            merged.Merge(BinaryAccumulator.FromBytes(shard.ToBytes()));
        }

        AssertIdentical(whole, merged.ToReport(Options));
    }

    [Fact]
    public void Merge_is_associative()
    {
        var (scores, labels) = GridData(8, 3000);
        BinaryAccumulator Part(int from, int to)
        {
            var a = new BinaryAccumulator();
            a.Add(scores.AsSpan(from, to - from), labels.AsSpan(from, to - from));
            return a;
        }

        var left = Part(0, 1000);
        var leftInner = Part(1000, 2000);
        leftInner.Merge(Part(2000, 3000));
        left.Merge(leftInner);

        var right = Part(0, 1000);
        right.Merge(Part(1000, 2000));
        right.Merge(Part(2000, 3000));

        Assert.Equal(left.ToBytes(), right.ToBytes());
        AssertIdentical(left.ToReport(Options), right.ToReport(Options));
    }

    [Fact]
    public void Adding_batches_equals_adding_everything_at_once()
    {
        var (scores, labels) = GridData(9, 2500);
        var batched = new BinaryAccumulator();
        for (var start = 0; start < scores.Length; start += 300)
        {
            var length = Math.Min(300, scores.Length - start);
            batched.Add(scores.AsSpan(start, length), labels.AsSpan(start, length));
        }

        AssertIdentical(BinaryMetrics.Compute(scores, labels, Options), batched.ToReport(Options));
        Assert.Equal(scores.Length, batched.Rows);
    }

    [Fact]
    public void Serialised_accumulator_rejects_corrupt_payloads()
    {
        var accumulator = new BinaryAccumulator();
        accumulator.Add([0.2, 0.4], [0, 1]);
        var bytes = accumulator.ToBytes();

        Assert.Throws<FormatException>(() => BinaryAccumulator.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        bytes[0] ^= 0xFF;
        Assert.Throws<FormatException>(() => BinaryAccumulator.FromBytes(bytes));
    }

    private static void AssertIdentical(BinaryReport expected, BinaryReport actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Positives, actual.Positives);
        Assert.Equal(expected.Negatives, actual.Negatives);
        Assert.Equal(expected.RocAuc, actual.RocAuc);
        Assert.Equal(expected.RocAucCi, actual.RocAucCi);
        Assert.Equal(expected.AveragePrecision, actual.AveragePrecision);
        Assert.Equal(expected.Ks, actual.Ks);
        Assert.Equal(expected.Brier, actual.Brier);
        Assert.Equal(expected.LogLoss, actual.LogLoss);
        Assert.Equal(expected.Ece, actual.Ece);
        Assert.Equal(expected.Accuracy, actual.Accuracy);
        Assert.Equal(expected.Precision, actual.Precision);
        Assert.Equal(expected.Recall, actual.Recall);
        Assert.Equal(expected.F1, actual.F1);
        Assert.Equal(expected.RocCurve, actual.RocCurve);
        Assert.Equal(expected.PrecisionRecallCurve, actual.PrecisionRecallCurve);
        Assert.Equal(expected.Reliability, actual.Reliability);
    }
}
