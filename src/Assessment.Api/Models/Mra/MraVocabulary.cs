namespace ModelRisk.Assessment.Models.Mra;

public static class MraVocabulary
{
    public static readonly string[] ThreatCategories =
    [
        "prompt-injection", "jailbreak", "sensitive-data-leakage", "model-inversion", "membership-inference",
        "training-data-poisoning", "ungrounded-output", "harmful-content", "data-drift", "bias", "misuse", "other",
    ];

    /// <summary>The four functions of the NIST AI Risk Management Framework.</summary>
    public static readonly string[] NistFunctions = ["govern", "map", "measure", "manage"];

    public static readonly string[] ControlStatuses = ["planned", "implemented", "verified"];
}
