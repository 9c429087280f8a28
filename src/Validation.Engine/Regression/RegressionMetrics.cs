namespace ModelRisk.Validation.Engine.Regression;

/// <summary>RMSE, MAE, R² and MAPE as scikit-learn defines them, except that undefined cases say so instead of returning a number.</summary>
public static class RegressionMetrics
{
    public static RegressionReport Compute(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException($"predictions has {predictions.Length} rows but targets has {targets.Length}", nameof(targets));
        }

        var n = targets.Length;
        if (n == 0)
        {
            var empty = MetricValue.Undefined("no rows");
            return new RegressionReport(0, empty, empty, empty, empty);
        }

        var targetSum = default(CompensatedSum);
        foreach (var t in targets)
        {
            targetSum.Add(t);
        }

        var mean = targetSum.Value / n;
        var squared = default(CompensatedSum);
        var absolute = default(CompensatedSum);
        var total = default(CompensatedSum);
        var relative = default(CompensatedSum);
        var zeroTarget = false;
        for (var i = 0; i < n; i++)
        {
            var t = targets[i];
            var e = t - predictions[i];
            squared.Add(e * e);
            absolute.Add(Math.Abs(e));
            total.Add((t - mean) * (t - mean));
            if (t == 0)
            {
                zeroTarget = true;
            }
            else
            {
                relative.Add(Math.Abs(e) / Math.Abs(t));
            }
        }

        var r2 = total.Value == 0
            ? MetricValue.Undefined("targets are constant, so R² has no denominator")
            : MetricValue.Of(1 - (squared.Value / total.Value));
        var mape = zeroTarget
            ? MetricValue.Undefined("a target is zero, so its percentage error is undefined")
            : MetricValue.Of(relative.Value / n);
        return new RegressionReport(n, MetricValue.Of(Math.Sqrt(squared.Value / n)), MetricValue.Of(absolute.Value / n), r2, mape);
    }
}
