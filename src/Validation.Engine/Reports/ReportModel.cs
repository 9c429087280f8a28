using System.Globalization;
using ModelRisk.Validation.Engine.Fairness;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Validation.Engine.Reports;

public sealed record ReportTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null);

public sealed record ReportChart(string Title, string Svg);

/// <summary>
/// The content of a validation report independent of its format, so the markdown and HTML versions
/// cannot disagree about what a reviewer sees.
/// </summary>
public sealed record ReportModel(string Title, IReadOnlyList<(string Label, string Value)> Summary, IReadOnlyList<ReportChart> Charts, IReadOnlyList<ReportTable> Tables)
{
    public static ReportModel From(ValidationResult result)
    {
        var request = result.Request;
        var binary = result.Binary;
        var summary = new List<(string, string)>
        {
            ("Data", Path.GetFileName(request.DataPath)),
            ("Rows", result.Rows.ToString("N0", CultureInfo.InvariantCulture)),
            ("Positives / negatives", $"{binary.Positives.ToString("N0", CultureInfo.InvariantCulture)} / {binary.Negatives.ToString("N0", CultureInfo.InvariantCulture)}"),
            ("Score / label", $"{request.ScoreColumn} / {request.LabelColumn}"),
            ("Decision threshold", Number(request.Threshold)),
        };
        if (request.GroupColumn is { } group)
        {
            summary.Add(("Group column", group));
        }

        if (request.ReferencePath is { } reference)
        {
            summary.Add(("Reference", Path.GetFileName(reference)));
        }

        if (result.PlanName is { } plan)
        {
            var counts = result.Tests.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Count());
            summary.Add(("Test plan", plan));
            summary.Add(("Outcome", $"{PlanText.Name(result.Status).ToUpperInvariant()} — {Count(counts, TestStatus.Pass)} passed, {Count(counts, TestStatus.Warn)} warned, {Count(counts, TestStatus.Fail)} failed, {Count(counts, TestStatus.Skip)} skipped"));
        }

        var charts = new List<ReportChart>
        {
            new("ROC curve", SvgChart.Curve(
                "ROC curve", "False positive rate", "True positive rate",
                binary.RocCurve.Select(p => (p.X, p.Y)), ((0, 0), (1, 1)),
                $"ROC AUC {Value(binary.RocAuc)}")),
            new("Precision-recall curve", SvgChart.Curve(
                "Precision-recall curve", "Recall", "Precision",
                binary.PrecisionRecallCurve.Select(p => (p.X, p.Y)),
                binary.Rows > 0 ? ((0, (double)binary.Positives / binary.Rows), (1, (double)binary.Positives / binary.Rows)) : null,
                $"Average precision {Value(binary.AveragePrecision)}; dashed: positive rate")),
            new("Reliability diagram", SvgChart.Reliability(binary.Reliability)),
        };

        var tables = new List<ReportTable>();
        if (result.Tests.Count > 0)
        {
            tables.Add(new ReportTable(
                "Test results",
                ["Status", "Test", "Metric", "Value", "Threshold", "Warn at", "Severity", "Note"],
                [.. result.Tests.Select(t => (IReadOnlyList<string>)[
                    PlanText.Name(t.Status).ToUpperInvariant(),
                    t.Name,
                    t.Metric,
                    t.Value is { } v ? Number(v) : "—",
                    PlanText.Describe(t.Test.Comparator, t.Test.Threshold),
                    t.Test.Warn is { } w ? PlanText.Describe(t.Test.Comparator, w) : "",
                    PlanText.Name(t.Severity),
                    t.Reason ?? "",
                ])]));
        }

        tables.Add(new ReportTable(
            "Performance",
            ["Metric", "Value"],
            [
                ["ROC AUC", Value(binary.RocAuc)],
                [$"ROC AUC {(request.Options?.ConfidenceLevel ?? 0.95) * 100:0.#}% CI", binary.RocAucCi is { } ci ? $"[{Number(ci.Low)}, {Number(ci.High)}]" : $"undefined: {binary.RocAucCiUndefinedReason}"],
                ["Average precision", Value(binary.AveragePrecision)],
                ["KS", Value(binary.Ks)],
                ["Brier score", Value(binary.Brier)],
                ["Log loss", Value(binary.LogLoss)],
                ["Expected calibration error", Value(binary.Ece)],
                [$"Accuracy at {Number(request.Threshold)}", Value(binary.Accuracy)],
                [$"Precision at {Number(request.Threshold)}", Value(binary.Precision)],
                [$"Recall at {Number(request.Threshold)}", Value(binary.Recall)],
                [$"F1 at {Number(request.Threshold)}", Value(binary.F1)],
            ]));

        if (result.Groups is { } groups)
        {
            tables.Add(new ReportTable(
                $"Groups by {request.GroupColumn}",
                ["Group", "Rows", "ROC AUC", "Selection rate", "TPR", "FPR"],
                [.. groups.Groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<string>)[
                    g.Value.BelowMinimumSize ? $"{g.Key} (below minimum size)" : g.Key,
                    g.Value.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    Value(g.Value.RocAuc),
                    Value(g.Value.SelectionRate),
                    Value(g.Value.Tpr),
                    Value(g.Value.Fpr),
                ])]));
            var fairness = groups.Fairness;
            var options = request.Options ?? ValidationOptions.Default;
            tables.Add(new ReportTable(
                "Fairness",
                ["Metric", "Value", $"{options.ConfidenceLevel * 100:0.#}% CI (BCa)", "Interval note"],
                [
                    ["Demographic parity difference", Value(fairness.DemographicParityDifference.Value), Ci(fairness.DemographicParityDifference.Ci), fairness.DemographicParityDifference.CiNote ?? ""],
                    ["Demographic parity ratio", Value(fairness.DemographicParityRatio.Value), Ci(fairness.DemographicParityRatio.Ci), fairness.DemographicParityRatio.CiNote ?? ""],
                    ["Equalized odds difference", Value(fairness.EqualizedOddsDifference.Value), Ci(fairness.EqualizedOddsDifference.Ci), fairness.EqualizedOddsDifference.CiNote ?? ""],
                ],
                $"Gaps are taken over groups with at least {options.MinGroupRows} rows. Intervals are bias-corrected and accelerated (BCa) bootstrap intervals from {options.BootstrapResamples} Poisson resamples; an interval is marked unstable when a group has fewer than {GroupMetrics.MinStableCount} rows on a side of a rate it uses."));
        }

        if (result.Drift.Count > 0)
        {
            tables.Add(new ReportTable(
                "Drift against the reference",
                ["Column", "Kind", "PSI", "JS distance", "KS", "KS p-value", "Wasserstein", "Chi-square", "Chi-square p-value"],
                [.. result.Drift.Select(d => d.Numeric is { } n
                    ? (IReadOnlyList<string>)[d.Column, "numeric", Value(n.Psi), Value(n.JsDistance), Value(n.Ks), Value(n.KsPValue), Value(n.Wasserstein), "", ""]
                    : [d.Column, "categorical", Value(d.Categorical!.Psi), "", "", "", "", Value(d.Categorical.ChiSquare), Value(d.Categorical.ChiSquarePValue)])],
                "PSI above 0.1 is commonly read as a moderate shift, above 0.25 as a major one."));
        }

        var quality = result.Quality;
        List<IReadOnlyList<string>> qualityRows =
        [
            ["Missing rate (used columns)", Number(quality.MissingRate)],
            ["Scores outside [0, 1]", quality.ScoresOutOfRange.ToString(CultureInfo.InvariantCulture)],
            ["Labels other than 0/1", quality.LabelsNotBinary.ToString(CultureInfo.InvariantCulture)],
            ["Infinite values", quality.InfiniteValues.ToString(CultureInfo.InvariantCulture)],
            ["Blank lines skipped", quality.BlankLines.ToString(CultureInfo.InvariantCulture)],
            ["Constant columns", quality.ConstantColumns == 0 ? "none" : string.Join(", ", quality.Columns.Where(c => c.Constant).Select(c => c.Column))],
        ];
        if (quality.IdColumn is { } id)
        {
            qualityRows.Add([$"Duplicate ids ({id})", (quality.DuplicateIds ?? 0).ToString(CultureInfo.InvariantCulture)]);
        }

        if (quality.Leakage is { } leakage)
        {
            var method = leakage.FullRow ? $"full rows over {leakage.Keys.Count} shared columns" : $"keys {string.Join(", ", leakage.Keys)}";
            qualityRows.Add([$"Rows also in {leakage.TrainFile} ({method})", $"{leakage.LeakedRows.ToString("N0", CultureInfo.InvariantCulture)} ({Number(leakage.LeakedRate)})"]);
        }

        tables.Add(new ReportTable("Data quality", ["Check", "Result"], qualityRows, quality.Notes is { Count: > 0 } notes ? string.Join(" ", notes.Select(n => n.EndsWith('.') ? n : n + ".")) : null));
        tables.Add(new ReportTable(
            "Columns used",
            ["Column", "Role", "Missing", "NaN", "Infinite", "Constant"],
            [.. quality.Columns.Select(c => (IReadOnlyList<string>)[
                c.Column, c.Role,
                c.Missing.ToString(CultureInfo.InvariantCulture), c.NaN.ToString(CultureInfo.InvariantCulture),
                c.Infinite.ToString(CultureInfo.InvariantCulture), c.Constant ? "yes" : "no",
            ])]));

        return new ReportModel($"Model validation report — {Path.GetFileName(request.DataPath)}", summary, charts, tables);
    }

    private static int Count(Dictionary<TestStatus, int> counts, TestStatus status) => counts.GetValueOrDefault(status);

    private static string Ci(Interval? ci) => ci is { } c ? $"[{Number(c.Low)}, {Number(c.High)}]" : "—";

    internal static string Value(MetricValue value) => value.Value is { } v ? Number(v) : $"undefined: {value.UndefinedReason}";

    internal static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
