using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Running;

public sealed record DriftResult(string Column, NumericDriftReport? Numeric, CategoricalDriftReport? Categorical, long ReferenceRows);

/// <summary>Everything one validation run produced; the CLI and the workers render it the same way.</summary>
public sealed record ValidationResult(
    ValidationRequest Request,
    long Rows,
    bool Streamed,
    BinaryReport Binary,
    GroupReport? Groups,
    IReadOnlyList<DriftResult> Drift,
    QualityReport Quality,
    string? PlanName,
    IReadOnlyList<TestResult> Tests)
{
    public TestStatus Status => TestPlanEvaluator.Overall(Tests);

    /// <summary>Every value under the name a test plan uses for it (see <see cref="MetricCatalog"/>).</summary>
    public static IReadOnlyDictionary<string, MetricValue> Catalog(
        long rows, BinaryReport binary, GroupReport? groups, IReadOnlyList<DriftResult> drift, QualityReport quality)
    {
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            ["rows"] = MetricValue.Of(rows),
            ["roc_auc"] = binary.RocAuc,
            ["roc_auc_ci_low"] = binary.RocAucCi is { } ci ? MetricValue.Of(ci.Low) : MetricValue.Undefined(binary.RocAucCiUndefinedReason ?? "no interval"),
            ["roc_auc_ci_high"] = binary.RocAucCi is { } ci2 ? MetricValue.Of(ci2.High) : MetricValue.Undefined(binary.RocAucCiUndefinedReason ?? "no interval"),
            ["average_precision"] = binary.AveragePrecision,
            ["ks"] = binary.Ks,
            ["brier"] = binary.Brier,
            ["log_loss"] = binary.LogLoss,
            ["ece"] = binary.Ece,
            ["accuracy"] = binary.Accuracy,
            ["precision"] = binary.Precision,
            ["recall"] = binary.Recall,
            ["f1"] = binary.F1,
            ["quality.missing_rate"] = MetricValue.Of(quality.MissingRate),
            ["quality.infinite_values"] = MetricValue.Of(quality.InfiniteValues),
            ["quality.constant_columns"] = MetricValue.Of(quality.ConstantColumns),
            ["quality.scores_out_of_range"] = MetricValue.Of(quality.ScoresOutOfRange),
            ["quality.labels_not_binary"] = MetricValue.Of(quality.LabelsNotBinary),
        };
        if (quality.DuplicateIds is { } duplicates)
        {
            metrics["quality.duplicate_ids"] = MetricValue.Of(duplicates);
        }

        if (quality.Leakage is { } leakage)
        {
            metrics["quality.leaked_rows"] = MetricValue.Of(leakage.LeakedRows);
            metrics["quality.leakage_rate"] = MetricValue.Of(leakage.LeakedRate);
        }

        if (groups is not null)
        {
            foreach (var (name, slice) in groups.Groups)
            {
                metrics[$"groups.{name}.rows"] = MetricValue.Of(slice.Rows);
                metrics[$"groups.{name}.roc_auc"] = slice.RocAuc;
                metrics[$"groups.{name}.selection_rate"] = slice.SelectionRate;
                metrics[$"groups.{name}.tpr"] = slice.Tpr;
                metrics[$"groups.{name}.fpr"] = slice.Fpr;
            }

            metrics["fairness.demographic_parity_difference"] = groups.Fairness.DemographicParityDifference.Value;
            metrics["fairness.demographic_parity_ratio"] = groups.Fairness.DemographicParityRatio.Value;
            metrics["fairness.equalized_odds_difference"] = groups.Fairness.EqualizedOddsDifference.Value;
        }

        foreach (var column in drift)
        {
            var prefix = $"drift.{column.Column}.";
            if (column.Numeric is { } numeric)
            {
                metrics[prefix + "psi"] = numeric.Psi;
                metrics[prefix + "js_distance"] = numeric.JsDistance;
                metrics[prefix + "ks"] = numeric.Ks;
                metrics[prefix + "ks_p_value"] = numeric.KsPValue;
                metrics[prefix + "wasserstein"] = numeric.Wasserstein;
            }
            else if (column.Categorical is { } categorical)
            {
                metrics[prefix + "psi"] = categorical.Psi;
                metrics[prefix + "chi_square"] = categorical.ChiSquare;
                metrics[prefix + "chi_square_p_value"] = categorical.ChiSquarePValue;
            }
        }

        return metrics;
    }
}
