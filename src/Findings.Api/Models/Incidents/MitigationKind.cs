namespace ModelRisk.Findings.Models.Incidents;

public enum MitigationKind
{
    Rollback,
    Patch,
    FeatureFlag,
}
