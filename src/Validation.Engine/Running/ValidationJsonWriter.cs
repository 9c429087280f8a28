using System.Text.Encodings.Web;
using System.Text.Json;
using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Running;

/// <summary>
/// Writes a <see cref="ValidationResult"/> as JSON. The key names are a contract with the consumers of
/// the output: an undefined metric is null, and its reason sits in the sibling "undefined" object.
/// </summary>
public static class ValidationJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(ValidationResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(ValidationResult result, Stream output)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("data", Path.GetFileName(result.Request.DataPath));
        json.WriteNumber("rows", result.Rows);
        json.WriteNumber("positives", result.Binary.Positives);
        json.WriteNumber("negatives", result.Binary.Negatives);
        json.WriteNumber("threshold", result.Request.Threshold);
        json.WriteBoolean("streamed", result.Streamed);
        WriteMetrics(json, result.Binary);
        if (result.Groups is { } groups)
        {
            WriteGroups(json, result.Request.GroupColumn!, groups);
        }

        WriteDrift(json, result);
        WriteQuality(json, result.Quality);
        WriteTests(json, result);
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, BinaryReport binary)
    {
        var undefined = new List<(string, string)>();
        json.WriteStartObject("metrics");
        Metric(json, "roc_auc", binary.RocAuc, undefined);
        if (binary.RocAucCi is { } ci)
        {
            Pair(json, "roc_auc_ci", ci);
        }
        else
        {
            json.WriteNull("roc_auc_ci");
            undefined.Add(("roc_auc_ci", binary.RocAucCiUndefinedReason ?? "no interval"));
        }

        Metric(json, "average_precision", binary.AveragePrecision, undefined);
        Metric(json, "ks", binary.Ks, undefined);
        Metric(json, "brier", binary.Brier, undefined);
        Metric(json, "log_loss", binary.LogLoss, undefined);
        Metric(json, "ece", binary.Ece, undefined);
        Metric(json, "accuracy", binary.Accuracy, undefined);
        Metric(json, "precision", binary.Precision, undefined);
        Metric(json, "recall", binary.Recall, undefined);
        Metric(json, "f1", binary.F1, undefined);
        Undefined(json, undefined);
        json.WriteEndObject();
    }

    private static void WriteGroups(Utf8JsonWriter json, string column, GroupReport groups)
    {
        json.WriteString("group_column", column);
        json.WriteStartObject("groups");
        foreach (var (name, slice) in groups.Groups)
        {
            var undefined = new List<(string, string)>();
            json.WriteStartObject(name);
            json.WriteNumber("rows", slice.Rows);
            Metric(json, "roc_auc", slice.RocAuc, undefined);
            Metric(json, "selection_rate", slice.SelectionRate, undefined);
            Metric(json, "tpr", slice.Tpr, undefined);
            Metric(json, "fpr", slice.Fpr, undefined);
            json.WriteBoolean("below_minimum_size", slice.BelowMinimumSize);
            Undefined(json, undefined);
            json.WriteEndObject();
        }

        json.WriteEndObject();

        var missing = new List<(string, string)>();
        json.WriteStartObject("fairness");
        Fairness(json, "demographic_parity_difference", groups.Fairness.DemographicParityDifference, missing);
        Fairness(json, "demographic_parity_ratio", groups.Fairness.DemographicParityRatio, missing);
        Fairness(json, "equalized_odds_difference", groups.Fairness.EqualizedOddsDifference, missing);
        Undefined(json, missing);
        json.WriteEndObject();
    }

    private static void Fairness(Utf8JsonWriter json, string name, FairnessMetric metric, List<(string, string)> undefined)
    {
        Metric(json, name, metric.Value, undefined);
        if (metric.Ci is { } ci)
        {
            Pair(json, name + "_ci", ci);
        }
        else
        {
            json.WriteNull(name + "_ci");
        }

        if (metric.CiNote is { } note)
        {
            json.WriteString(name + "_ci_note", note);
        }
        else
        {
            json.WriteNull(name + "_ci_note");
        }
    }

    private static void WriteDrift(Utf8JsonWriter json, ValidationResult result)
    {
        if (result.Request.ReferencePath is not { } reference)
        {
            return;
        }

        json.WriteString("reference", Path.GetFileName(reference));
        json.WriteStartObject("drift");
        foreach (var column in result.Drift)
        {
            var undefined = new List<(string, string)>();
            json.WriteStartObject(column.Column);
            json.WriteNumber("reference_rows", column.ReferenceRows);
            if (column.Numeric is { } numeric)
            {
                json.WriteString("kind", "numeric");
                Metric(json, "psi", numeric.Psi, undefined);
                Metric(json, "js_distance", numeric.JsDistance, undefined);
                Metric(json, "ks", numeric.Ks, undefined);
                Metric(json, "ks_p_value", numeric.KsPValue, undefined);
                Metric(json, "wasserstein", numeric.Wasserstein, undefined);
            }
            else if (column.Categorical is { } categorical)
            {
                json.WriteString("kind", "categorical");
                Metric(json, "psi", categorical.Psi, undefined);
                Metric(json, "chi_square", categorical.ChiSquare, undefined);
                Metric(json, "chi_square_p_value", categorical.ChiSquarePValue, undefined);
                json.WriteNumber("degrees_of_freedom", categorical.DegreesOfFreedom);
                json.WriteStartObject("psi_by_category");
                var categoryUndefined = new List<(string, string)>();
                foreach (var (category, value) in categorical.PsiByCategory)
                {
                    Metric(json, category, value, categoryUndefined);
                }

                json.WriteEndObject();
            }

            Undefined(json, undefined);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteQuality(Utf8JsonWriter json, QualityReport quality)
    {
        json.WriteStartObject("quality");
        json.WriteNumber("rows", quality.Rows);
        json.WriteNumber("missing_rate", quality.MissingRate);
        json.WriteNumber("scores_out_of_range", quality.ScoresOutOfRange);
        json.WriteNumber("labels_not_binary", quality.LabelsNotBinary);
        json.WriteNumber("infinite_values", quality.InfiniteValues);
        json.WriteNumber("blank_lines", quality.BlankLines);
        json.WriteStartArray("notes");
        foreach (var note in quality.Notes ?? [])
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteStartArray("constant_columns");
        foreach (var column in quality.Columns.Where(c => c.Constant))
        {
            json.WriteStringValue(column.Column);
        }

        json.WriteEndArray();
        if (quality.IdColumn is { } id)
        {
            json.WriteString("id_column", id);
            json.WriteNumber("duplicate_ids", quality.DuplicateIds ?? 0);
        }

        json.WriteStartObject("columns");
        foreach (var column in quality.Columns)
        {
            json.WriteStartObject(column.Column);
            json.WriteString("role", column.Role);
            json.WriteNumber("missing", column.Missing);
            json.WriteNumber("nan", column.NaN);
            json.WriteNumber("infinite", column.Infinite);
            json.WriteBoolean("constant", column.Constant);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (quality.Leakage is { } leakage)
        {
            json.WriteStartObject("leakage");
            json.WriteString("train", leakage.TrainFile);
            json.WriteNumber("train_rows", leakage.TrainRows);
            json.WriteString("method", leakage.FullRow ? "full_row" : "keys");
            json.WriteStartArray("keys");
            foreach (var key in leakage.Keys)
            {
                json.WriteStringValue(key);
            }

            json.WriteEndArray();
            json.WriteNumber("leaked_rows", leakage.LeakedRows);
            json.WriteNumber("leakage_rate", leakage.LeakedRate);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteTests(Utf8JsonWriter json, ValidationResult result)
    {
        if (result.PlanName is { } plan)
        {
            json.WriteString("plan", plan);
        }

        json.WriteString("status", PlanText.Name(result.Status));
        json.WriteStartArray("tests");
        foreach (var test in result.Tests)
        {
            json.WriteStartObject();
            json.WriteString("name", test.Name);
            json.WriteString("metric", test.Metric);
            json.WriteString("status", PlanText.Name(test.Status));
            json.WriteString("severity", PlanText.Name(test.Severity));
            if (test.Value is { } value)
            {
                json.WriteNumber("value", value);
            }
            else
            {
                json.WriteNull("value");
            }

            json.WriteString("comparator", PlanText.Symbol(test.Test.Comparator));
            Bound(json, "threshold", test.Test.Comparator, test.Test.Threshold);
            if (test.Test.Warn is { } warn)
            {
                Bound(json, "warn_threshold", test.Test.Comparator, warn);
            }

            if (test.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Bound(Utf8JsonWriter json, string name, Comparator comparator, Bound bound)
    {
        if (comparator == Comparator.Between)
        {
            Pair(json, name, new Interval(bound.Low, bound.High));
        }
        else
        {
            json.WriteNumber(name, bound.Low);
        }
    }

    private static void Metric(Utf8JsonWriter json, string name, MetricValue value, List<(string, string)> undefined)
    {
        if (value.Value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
            undefined.Add((name, value.UndefinedReason ?? "not finite"));
        }
    }

    // Producers keep interval ends finite; should one ever not be, the end is null rather than a writer exception.
    private static void Pair(Utf8JsonWriter json, string name, Interval interval)
    {
        json.WriteStartArray(name);
        foreach (var end in (ReadOnlySpan<double>)[interval.Low, interval.High])
        {
            if (double.IsFinite(end))
            {
                json.WriteNumberValue(end);
            }
            else
            {
                json.WriteNullValue();
            }
        }
        json.WriteEndArray();
    }

    private static void Undefined(Utf8JsonWriter json, List<(string Name, string Reason)> undefined)
    {
        if (undefined.Count == 0)
        {
            return;
        }

        json.WriteStartObject("undefined");
        foreach (var (name, reason) in undefined)
        {
            json.WriteString(name, reason);
        }

        json.WriteEndObject();
    }
}
