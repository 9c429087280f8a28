using ModelRisk.Validation.Engine.Statistics;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Statistics;

public class SpecialFunctionsTests
{
    [Fact]
    public void Normal_quantile_matches_scipy()
    {
        foreach (var row in ReferenceData.Expected.GetProperty("special").GetProperty("normalQuantile").EnumerateArray())
        {
            Approx.Equal(row[1].GetDouble(), SpecialFunctions.NormalQuantile(row[0].GetDouble()), 1e-13, $"ppf({row[0]})");
        }
    }

    [Fact]
    public void Chi_square_survival_matches_scipy()
    {
        foreach (var row in ReferenceData.Expected.GetProperty("special").GetProperty("chiSquareSf").EnumerateArray())
        {
            var expected = row[2].GetDouble();
            var actual = SpecialFunctions.ChiSquareSf(row[0].GetDouble(), row[1].GetDouble());
            Assert.True(Math.Abs(actual - expected) <= 1e-12 * expected + 1e-15, $"chi2.sf({row[0]}, {row[1]}): expected {expected:R}, got {actual:R}");
        }
    }

    [Fact]
    public void Log_gamma_matches_scipy()
    {
        foreach (var row in ReferenceData.Expected.GetProperty("special").GetProperty("logGamma").EnumerateArray())
        {
            Approx.Equal(row[1].GetDouble(), SpecialFunctions.LogGamma(row[0].GetDouble()), 1e-13, $"gammaln({row[0]})");
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    [InlineData(250.0)]
    [InlineData(1e6)]
    public void Poisson_draws_have_the_right_mean_and_variance(double mean)
    {
        var sampler = new PoissonSampler(42, 0);
        const int draws = 200_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < draws; i++)
        {
            double x = mean == 1.0 ? sampler.NextUnit() : sampler.Next(mean);
            sum += x;
            sumSquares += x * x;
        }

        var m = sum / draws;
        var v = (sumSquares / draws) - (m * m);

        // Five standard errors of the mean and a loose band on the variance.
        Assert.InRange(m, mean - (5 * Math.Sqrt(mean / draws)), mean + (5 * Math.Sqrt(mean / draws)));
        Assert.InRange(v / mean, 0.97, 1.03);
    }

    [Fact]
    public void Block_draws_follow_the_poisson_one_probabilities()
    {
        var block = new UnitPoissonBlock(7, 3);
        const int draws = 600_000;
        var buffer = new int[draws];
        block.Fill(buffer);
        var histogram = new int[8];
        foreach (var draw in buffer)
        {
            histogram[Math.Min(draw, 7)]++;
        }

        Assert.NotEqual(buffer.AsSpan(0, 64).ToArray(), buffer.AsSpan(64, 64).ToArray());
        for (var k = 0; k < 5; k++)
        {
            var expected = Math.Exp(-1) / Factorial(k);
            var standardError = Math.Sqrt(expected * (1 - expected) / draws);
            Assert.InRange((double)histogram[k] / draws, expected - (5 * standardError), expected + (5 * standardError));
        }
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);

    [Fact]
    public void Percentile_interpolates_like_numpy()
    {
        double[] sorted = [1, 2, 4, 8];

        Assert.Equal(1.3, Percentile.OfSorted(sorted, 0.1), 15);
        Assert.Equal(3.0, Percentile.OfSorted(sorted, 0.5), 15);
        Assert.Equal(8.0, Percentile.OfSorted(sorted, 1.0), 15);
    }
}
