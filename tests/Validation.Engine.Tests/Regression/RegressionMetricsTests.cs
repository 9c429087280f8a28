using ModelRisk.Validation.Engine.Regression;
using ModelRisk.Validation.Engine.Tests.Reference;

namespace ModelRisk.Validation.Engine.Tests.Regression;

public class RegressionMetricsTests
{
    [Fact]
    public void Matches_scikit_learn()
    {
        var data = ReferenceData.Csv("regression.csv");
        var expected = ReferenceData.Expected.GetProperty("regression");

        var report = RegressionMetrics.Compute(data["prediction"], data["target"]);

        Assert.Equal(300, report.Rows);
        Approx.Equal(expected.Number("rmse"), report.Rmse, what: "rmse");
        Approx.Equal(expected.Number("mae"), report.Mae, what: "mae");
        Approx.Equal(expected.Number("r2"), report.R2, what: "r2");
        Approx.Equal(expected.Number("mape"), report.Mape, what: "mape");
    }

    [Fact]
    public void A_zero_target_makes_mape_undefined_and_says_why()
    {
        var report = RegressionMetrics.Compute([1.0, 2.0, 0.5], [0.0, 2.0, 1.0]);

        Assert.False(report.Mape.IsDefined);
        Assert.Contains("zero", report.Mape.UndefinedReason);
        Assert.Equal(Math.Sqrt(1.25 / 3), report.Rmse.Value!.Value, 15);
    }

    [Fact]
    public void Constant_targets_make_r2_undefined()
    {
        var report = RegressionMetrics.Compute([1.0, 3.0], [2.0, 2.0]);

        Assert.False(report.R2.IsDefined);
        Assert.Equal(1.0, report.Mae.Value);
    }

    [Fact]
    public void No_rows_and_mismatched_lengths()
    {
        Assert.False(RegressionMetrics.Compute([], []).Rmse.IsDefined);
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1.0], []));
    }
}
