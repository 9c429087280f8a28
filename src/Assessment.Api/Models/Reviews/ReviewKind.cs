namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>Why a model version is reviewed.</summary>
public enum ReviewKind
{
    NewModel,
    MaterialChange,
    PeriodicRevalidation,
    IncidentTriggered,
}
