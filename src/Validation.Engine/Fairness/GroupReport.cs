namespace ModelRisk.Validation.Engine.Fairness;

public sealed record GroupOptions(
    double Threshold = 0.5,
    long MinSliceRows = 30,
    int BootstrapResamples = 1000,
    int Seed = 12345,
    double ConfidenceLevel = 0.95);

public sealed record GroupSlice(long Rows, MetricValue RocAuc, MetricValue SelectionRate, MetricValue Tpr, MetricValue Fpr, bool BelowMinimumSize);

/// <param name="CiNote">Why the interval is unstable (a group with too few rows on one side of a rate, or an
/// estimate outside its own interval); null when it is not.</param>
public sealed record FairnessMetric(MetricValue Value, Interval? Ci, string? CiNote = null);

public sealed record FairnessReport(FairnessMetric DemographicParityDifference, FairnessMetric DemographicParityRatio, FairnessMetric EqualizedOddsDifference);

public sealed record GroupReport(IReadOnlyDictionary<string, GroupSlice> Groups, FairnessReport Fairness);
