using System.Numerics;
using System.Text.Json;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Statistics;
using ModelRisk.Validation.Engine.Tests.Reference;
using Xunit.Abstractions;

namespace ModelRisk.Validation.Engine.Tests.Drift;

/// <summary>ks_p_value against scipy 1.10.1's ks_2samp with its default method="auto".</summary>
public class TwoSampleKsTests(ITestOutputHelper output)
{
    // Exact cases agree to 1e-10 or better; asymptotic ones (scipy sums the Smirnov tail in double-double) to 1e-9.
    private const double Relative = 1e-9;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ReferenceData.Expected.GetProperty("ksTwoSample").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scipy_default_method(string name)
    {
        var expected = Case(name);
        var (reference, current) = Samples(expected);
        Assert.Equal(expected.GetProperty("n1").GetInt32(), reference.Length);
        Assert.Equal(expected.GetProperty("n2").GetInt32(), current.Length);

        var report = NumericDrift.Compute(reference, current);

        Approx.Equal(expected.Number("ks"), report.Ks, what: $"{name} ks");
        var p = report.KsPValue.Value!.Value;
        var scipy = expected.Number("pValue");
        var difference = RelativeDifference(scipy, p);
        output.WriteLine($"{name}: n1={reference.Length} n2={current.Length} p={p:R} scipy={scipy:R} relative difference {difference:E2}");
        if (!expected.GetProperty("withinExactLimit").GetBoolean())
        {
            // Above 10 000 rows scipy is asymptotic (kstwo.sf at the rounded effective size), and so are we.
            Assert.Equal(Math.Max(TwoSampleKs.Asymptotic(reference.Length, current.Length, report.Ks.Value!.Value), double.Epsilon), p);
        }

        if (scipy == 0)
        {
            // scipy underflows to 0 far in the tail; a positive probability is never written as 0.
            Assert.InRange(p, double.Epsilon, 1e-300);
        }
        else
        {
            Assert.True(difference <= Relative, $"{name}: expected {scipy:R}, got {p:R} (relative {difference:E2})");
        }
    }

    [Theory]
    [InlineData(10_001, 10_001, 0.9)]
    [InlineData(10_000, 10_000, 1.0)]
    [InlineData(3_000_000, 2_000_000, 0.5)]
    [InlineData(1, 1, 1.0)]
    public void A_p_value_is_never_zero(long n1, long n2, double d)
    {
        Assert.InRange(TwoSampleKs.PValue(n1, n2, d), double.Epsilon, 1e-300 + (n1 == 1 ? 1 : 0));
    }

    [Fact]
    public void Exact_up_to_ten_thousand_rows_and_asymptotic_above()
    {
        const double d = 0.02;

        Assert.True(TwoSampleKs.TryExact(10_000, 10_000, d, out var exact));
        Assert.Equal(exact, TwoSampleKs.PValue(10_000, 10_000, d));
        Assert.Equal(TwoSampleKs.Asymptotic(10_000, 10_001, d), TwoSampleKs.PValue(10_000, 10_001, d));
        Assert.Equal(TwoSampleKs.Asymptotic(10_001, 3, d), TwoSampleKs.PValue(10_001, 3, d));
        Assert.NotEqual(TwoSampleKs.Asymptotic(10_000, 10_000, d), exact);
    }

    [Fact]
    public void Pooled_shard_sizes_give_the_one_pass_p_value()
    {
        var reference = Enumerable.Range(0, 3000).Select(i => (double)((i * 7919L) % 1009)).ToArray();
        var current = Enumerable.Range(0, 2000).Select(i => (double)(((i * 6007L) % 1013) + 20)).ToArray();

        var report = NumericDrift.Compute(reference, current);

        Assert.Equal(report.KsPValue.Value, NumericDrift.KsPValue(reference.Length, current.Length, report.Ks.Value!.Value));
        Assert.Equal(report.KsPValue.Value, TwoSampleKs.PValue(current.Length, reference.Length, report.Ks.Value!.Value));
    }

    [Fact]
    public void Exact_p_value_is_a_decreasing_probability_in_the_statistic()
    {
        foreach (var (n1, n2) in new[] { (1, 1), (1, 7), (4, 6), (25, 25), (30, 45), (97, 101), (400, 1000) })
        {
            var previous = 1.0;
            long lcm = n1 / Gcd(n1, n2) * n2;
            for (long h = 0; h <= lcm; h += Math.Max(1, lcm / 200))
            {
                Assert.True(TwoSampleKs.TryExact(n1, n2, (double)h / lcm, out var p));
                Assert.InRange(p, 0, previous * (1 + 1e-12));
                Assert.True(TwoSampleKs.TryExact(n2, n1, (double)h / lcm, out var swapped));
                Assert.Equal(p, swapped, 14);
                previous = p;
            }
        }
    }

    [Fact]
    public void Exact_routes_agree_with_counting_lattice_paths()
    {
        // Both exact routes (the reflection sum for n1 = n2, the share recursion otherwise) against exact
        // big-integer path counts.
        foreach (var n in new[] { 3, 10, 64, 200 })
        {
            // h = 1 is certain (p = 1); the nested sum may land an ulp above 1, and then, as in scipy, the
            // exact route declines and the asymptotic one answers (see Certain_exact_results_...).
            foreach (var h in new[] { 2, (n / 3) + 1, n / 2, n })
            {
                Assert.True(TwoSampleKs.TryExact(n, n, (double)h / n, out var square));
                var band = BruteForce(n, n, h, n);
                Assert.True(Math.Abs(square - band) <= 1e-12 * Math.Max(band, 1e-300), $"n={n} h={h}: {square:R} vs {band:R}");
            }
        }

        foreach (var (n1, n2) in new[] { (3, 5), (12, 8), (20, 30), (40, 90) })
        {
            long lcm = n1 / Gcd(n1, n2) * n2;
            for (long h = 1; h <= lcm; h += Math.Max(1, lcm / 25))
            {
                Assert.True(TwoSampleKs.TryExact(n1, n2, (double)h / lcm, out var band));
                var brute = BruteForce(n1, n2, h, lcm);
                Assert.True(Math.Abs(band - brute) <= 1e-12 * brute, $"{n1}x{n2} h={h}: {band:R} vs {brute:R}");
            }
        }
    }

    [Fact]
    public void Certain_exact_results_that_round_above_one_fall_back_to_the_asymptotic_path_as_in_scipy()
    {
        // scipy 1.10.1: _compute_prob_outside_square(200, 1) = 1.0000000000000004, so ks_2samp warns and
        // switches to kstwo.sf(0.005, 100) = 1 (the case equal_200_interleaved in the reference cases).
        Assert.False(TwoSampleKs.TryExact(200, 200, 0.005, out var rounded));
        Assert.True(rounded > 1);
        Assert.Equal(TwoSampleKs.Asymptotic(200, 200, 0.005), TwoSampleKs.PValue(200, 200, 0.005));
        Assert.Equal(1.0, TwoSampleKs.PValue(200, 200, 0.005), 15);
    }

    /// <summary>Share of lattice paths reaching |x/n1 − y/n2| ≥ h/L, from exact counts of the paths that stay inside.</summary>
    private static double BruteForce(int n1, int n2, long h, long lcm)
    {
        var inside = new BigInteger[n1 + 1, n2 + 1];
        var all = new BigInteger[n1 + 1, n2 + 1];
        for (var x = 0; x <= n1; x++)
        {
            for (var y = 0; y <= n2; y++)
            {
                all[x, y] = x == 0 || y == 0 ? BigInteger.One : all[x - 1, y] + all[x, y - 1];
                if (Math.Abs((x * (lcm / n1)) - (y * (lcm / n2))) < h)
                {
                    inside[x, y] = x == 0 && y == 0 ? BigInteger.One : (x > 0 ? inside[x - 1, y] : BigInteger.Zero) + (y > 0 ? inside[x, y - 1] : BigInteger.Zero);
                }
            }
        }

        var outside = all[n1, n2] - inside[n1, n2];
        return outside.IsZero ? 0 : Math.Exp(BigInteger.Log(outside) - BigInteger.Log(all[n1, n2]));
    }

    private static double RelativeDifference(double expected, double actual) =>
        expected == actual ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);

    private static JsonElement Case(string name) =>
        ReferenceData.Expected.GetProperty("ksTwoSample").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static (double[] Reference, double[] Current) Samples(JsonElement expected)
    {
        if (expected.TryGetProperty("case", out var index))
        {
            var csv = ReferenceData.Csv("ks_samples.csv");
            var rows = Enumerable.Range(0, csv["case"].Length).Where(i => (int)csv["case"][i] == index.GetInt32()).ToArray();
            return (rows.Where(i => csv["sample"][i] == 0).Select(i => csv["value"][i]).ToArray(),
                rows.Where(i => csv["sample"][i] == 1).Select(i => csv["value"][i]).ToArray());
        }

        return (Lattice(expected.GetProperty("reference")), Lattice(expected.GetProperty("current")));
    }

    /// <summary>make_reference.py's lattice(n, mult, add, mod, shift): (i·mult + add) mod mod + shift.</summary>
    private static double[] Lattice(JsonElement parameters)
    {
        var p = parameters.EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return Enumerable.Range(0, (int)p[0]).Select(i => (double)((((i * p[1]) + p[2]) % p[3]) + p[4])).ToArray();
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
