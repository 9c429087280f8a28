namespace ModelRisk.Validation.Engine.Plans;

/// <summary>
/// The names a plan may test. Every value a run produces is published under one of these names, so the
/// plan validator, the evaluator and the documentation agree on a single list.
/// </summary>
public static class MetricCatalog
{
    public static readonly IReadOnlyList<string> Binary =
        ["rows", "roc_auc", "roc_auc_ci_low", "roc_auc_ci_high", "average_precision", "ks", "brier", "log_loss", "ece", "accuracy", "precision", "recall", "f1"];

    public static readonly IReadOnlyList<string> Fairness =
        ["demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference"];

    public static readonly IReadOnlyList<string> Group = ["rows", "roc_auc", "selection_rate", "tpr", "fpr"];

    public static readonly IReadOnlyList<string> Drift =
        ["psi", "js_distance", "ks", "ks_p_value", "wasserstein", "chi_square", "chi_square_p_value"];

    public static readonly IReadOnlyList<string> Quality =
        ["missing_rate", "infinite_values", "constant_columns", "scores_out_of_range", "labels_not_binary", "duplicate_ids", "leaked_rows", "leakage_rate"];

    /// <summary>Null when the name is one of the catalog's forms, else why not.</summary>
    public static string? Check(string metric)
    {
        var parts = metric.Split('.');
        var known = parts switch
        {
            [var m] => Binary.Contains(m),
            ["metrics", var m] => Binary.Contains(m),
            ["fairness", var m] => Fairness.Contains(m),
            ["quality", var m] => Quality.Contains(m),
            ["groups", { Length: > 0 }, var m] => Group.Contains(m),
            ["drift", { Length: > 0 }, var m] => Drift.Contains(m),
            _ => false,
        };
        return known
            ? null
            : $"'{metric}' is not a known metric; use one of {string.Join(", ", Binary)}, fairness.{{{string.Join("|", Fairness)}}}, " +
              $"groups.<group|*>.{{{string.Join("|", Group)}}}, drift.<column|*>.{{{string.Join("|", Drift)}}}, quality.{{{string.Join("|", Quality)}}}";
    }

    /// <summary>The plain name for aliases such as metrics.roc_auc.</summary>
    public static string Normalize(string metric) => metric.StartsWith("metrics.", StringComparison.Ordinal) ? metric["metrics.".Length..] : metric;

    /// <summary>Names in <paramref name="available"/> that a pattern such as groups.*.tpr stands for, with what the * matched.</summary>
    public static IEnumerable<(string Metric, string Match)> Expand(string pattern, IEnumerable<string> available)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        var prefix = pattern[..star];
        var suffix = pattern[(star + 1)..];
        foreach (var name in available)
        {
            if (name.Length > prefix.Length + suffix.Length
                && name.StartsWith(prefix, StringComparison.Ordinal)
                && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                var match = name[prefix.Length..^suffix.Length];
                if (!match.Contains('.', StringComparison.Ordinal) || prefix.StartsWith("groups.", StringComparison.Ordinal))
                {
                    yield return (name, match);
                }
            }
        }
    }
}
