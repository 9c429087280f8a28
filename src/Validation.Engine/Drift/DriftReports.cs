namespace ModelRisk.Validation.Engine.Drift;

public sealed record NumericDriftReport(MetricValue Psi, MetricValue JsDistance, MetricValue Ks, MetricValue KsPValue, MetricValue Wasserstein);

public sealed record CategoricalDriftReport(
    MetricValue ChiSquare,
    MetricValue ChiSquarePValue,
    long DegreesOfFreedom,
    MetricValue Psi,
    IReadOnlyDictionary<string, MetricValue> PsiByCategory);
