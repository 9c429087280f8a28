namespace ModelRisk.Validation.Engine.Regression;

public sealed record RegressionReport(long Rows, MetricValue Rmse, MetricValue Mae, MetricValue R2, MetricValue Mape);
