namespace ModelRisk.Monitoring.Models.Plans;

/// <summary>Which side of a threshold is a breach: Above for drift and error rates, Below for AUC or accuracy.</summary>
public enum ThresholdDirection
{
    Above,
    Below,
}
