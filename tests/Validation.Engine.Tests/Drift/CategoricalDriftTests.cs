using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Drift;

public class CategoricalDriftTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    private static int[] Codes(IEnumerable<long> counts) =>
        counts.SelectMany((c, code) => Enumerable.Repeat(code, (int)c)).ToArray();

    [Fact]
    public void Matches_scipy_chi2_contingency_and_numpy_psi()
    {
        var expected = ReferenceData.Expected.GetProperty("categoricalDrift");
        var reference = expected.GetProperty("reference").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var current = expected.GetProperty("current").EnumerateArray().Select(e => e.GetInt64()).ToArray();

        var report = CategoricalDrift.Compute(Names, Codes(reference), Codes(current));

        Approx.Equal(expected.Number("chiSquare"), report.ChiSquare, what: "chi2");
        Approx.Equal(expected.Number("pValue"), report.ChiSquarePValue, 1e-12, "p");
        Assert.Equal(expected.GetProperty("dof").GetInt64(), report.DegreesOfFreedom);
        Approx.Equal(expected.Number("psi"), report.Psi, what: "psi");
        var byCategory = expected.GetProperty("psiByCategory").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var c = 0; c < Names.Length; c++)
        {
            Approx.Equal(byCategory[c], report.PsiByCategory[Names[c]], what: Names[c]);
        }
    }

    [Fact]
    public void Counts_and_codes_give_the_same_report()
    {
        long[] reference = [10, 20, 30, 0, 5];
        long[] current = [12, 18, 25, 3, 0];

        var fromCodes = CategoricalDrift.Compute(Names, Codes(reference), Codes(current));
        var fromCounts = CategoricalDrift.FromCounts(Names, reference, current);

        Assert.Equal(fromCodes.ChiSquare, fromCounts.ChiSquare);
        Assert.Equal(fromCodes.Psi, fromCounts.Psi);
    }

    [Fact]
    public void A_single_category_has_no_test()
    {
        var report = CategoricalDrift.Compute(["only"], [0, 0, 0], [0, 0]);

        Assert.False(report.ChiSquare.IsDefined);
        Assert.Equal(0, report.DegreesOfFreedom);
        Assert.Equal(0.0, report.Psi.Value);
    }

    [Fact]
    public void Unknown_codes_and_empty_samples_are_handled()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CategoricalDrift.Compute(Names, [0, 7], [1]));
        var report = CategoricalDrift.Compute(Names, [], [1, 2]);
        Assert.False(report.ChiSquarePValue.IsDefined);
        Assert.Contains("reference", report.Psi.UndefinedReason);
    }
}
