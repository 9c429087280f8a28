using Cronos;
using ModelRisk.Contracts.Monitoring.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Monitoring.Features.Points;
using ModelRisk.Monitoring.Models.Plans;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Monitoring.Features.Plans;

/// <summary>Checks a plan request field by field and turns it into a <see cref="PlanDefinition"/>, with the reference resolved in the store.</summary>
public static class PlanValidation
{
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    private static readonly HashSet<string> LowerIsWorse = new(StringComparer.Ordinal) { MonitoringMetrics.RocAuc, MonitoringMetrics.Accuracy };

    public static MetricKind? KindOf(string metric) => metric switch
    {
        MonitoringMetrics.RocAuc or MonitoringMetrics.Accuracy or MonitoringMetrics.Brier or MonitoringMetrics.Ece => MetricKind.Performance,
        MonitoringMetrics.Psi or MonitoringMetrics.JensenShannon or MonitoringMetrics.Ks => MetricKind.Drift,
        MonitoringMetrics.MissingRate or MonitoringMetrics.OutOfRangeRate => MetricKind.DataQuality,
        MonitoringMetrics.DemographicParityDifference or MonitoringMetrics.EqualizedOddsDifference => MetricKind.Fairness,
        MonitoringMetrics.Volume => MetricKind.Operational,
        _ => null,
    };

    /// <summary>Checks everything that needs no database; the caller then resolves the model and the reference.</summary>
    public static (List<PlanMetric> Metrics, TimeSpan Window, RetrainingTrigger? Retraining) Check(FieldErrors errors, CreatePlanRequest r)
    {
        errors.Text("modelId", r.ModelId, 40, required: true, multiline: false);
        errors.Text("modelVersionId", r.ModelVersionId, 40, multiline: false);
        errors.Text("name", r.Name, MonitoringPlan.NameMaxLength, required: true, multiline: false);
        errors.Text("groupColumn", r.GroupColumn, 200, multiline: false);
        errors.Text("referenceDatasetId", r.ReferenceDatasetId, 40, multiline: false);
        if (r.ReferenceDatasetId is { } dataset && !FieldErrors.IsSlug(dataset))
        {
            errors.Add("referenceDatasetId", "A dataset id as the Assessment service issued it.");
        }
        var window = Durations.TryParse(r.Window);
        if (window is null || window < MinWindow || window > MaxWindow)
        {
            errors.Add("window", "Required: a duration from 1m to 90d, such as 1h or 1d.");
        }
        CheckSchedule(errors, r.Schedule);
        errors.Uri("runbookUrl", r.RunbookUrl, httpOnly: true, required: false);
        errors.Uri("dashboardUrl", r.DashboardUrl, httpOnly: true, required: false);
        errors.List("alertRoutes", r.AlertRoutes, (field, url) => errors.Uri(field, url, httpOnly: true), MonitoringPlan.MaxRoutes);
        if (r.AlertRoutes is { } routes && routes.Distinct(StringComparer.Ordinal).Count() != routes.Count)
        {
            errors.Add("alertRoutes", "Each route once.");
        }
        errors.Range("consecutiveBreaches", r.ConsecutiveBreaches, 1, 100);
        var metrics = new List<PlanMetric>();
        if (r.Metrics is null || r.Metrics.Count == 0)
        {
            errors.Add("metrics", "Required: at least one metric to watch.");
        }
        else if (r.Metrics.Count > MonitoringPlan.MaxMetrics)
        {
            errors.Add("metrics", $"At most {MonitoringPlan.MaxMetrics} metrics.");
        }
        else
        {
            for (var i = 0; i < r.Metrics.Count; i++)
            {
                if (CheckMetric(errors, $"metrics[{i}]", r.Metrics[i], r) is { } metric)
                {
                    if (metrics.Any(m => m.Metric == metric.Metric && m.Column == metric.Column))
                    {
                        errors.Add($"metrics[{i}]", $"'{metric.Metric}'{(metric.Column is null ? "" : $" on '{metric.Column}'")} is watched already in this plan.");
                    }
                    metrics.Add(metric);
                }
            }
        }
        var retraining = CheckRetraining(errors, r.Retraining, metrics);
        return (metrics, window ?? TimeSpan.Zero, retraining);
    }

    public static void CheckSchedule(FieldErrors errors, string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            errors.Add("schedule", "Required: a cron expression of five fields (minute hour day month weekday), UTC, such as '0 * * * *'.");
            return;
        }
        if (schedule.Length > 100 || Parse(schedule) is null)
        {
            errors.Add("schedule", "A cron expression of five fields (minute hour day month weekday), UTC, such as '0 * * * *' or '*/15 * * * *'.");
        }
    }

    public static CronExpression? Parse(string schedule)
    {
        try
        {
            return CronExpression.Parse(schedule, CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    private static PlanMetric? CheckMetric(FieldErrors errors, string field, PlanMetricInput? input, CreatePlanRequest plan)
    {
        if (input is null)
        {
            errors.Add(field, "Required: a metric.");
            return null;
        }
        var before = errors.Result.Count;
        if (!MetricNames.IsValid(input.Metric))
        {
            errors.Add($"{field}.metric", MetricNames.Rule);
            return null;
        }
        var metric = input.Metric!;
        errors.Defined($"{field}.kind", input.Kind);
        errors.Defined($"{field}.direction", input.Direction);
        var computedKind = KindOf(metric);
        var kind = computedKind ?? input.Kind ?? MetricKind.Custom;
        if (computedKind is { } k && input.Kind is { } given && given != k)
        {
            errors.Add($"{field}.kind", $"'{metric}' is a {k} metric the workers compute.");
        }
        else if (computedKind is null && input.Kind is { } pushed && pushed is not (MetricKind.Operational or MetricKind.Custom))
        {
            errors.Add($"{field}.kind", $"The workers compute {string.Join(", ", MonitoringMetrics.Computed.Order())}; another metric is pushed by the pipeline, so Operational or Custom.");
        }
        if (MonitoringMetrics.PerColumn.Contains(metric))
        {
            errors.Text($"{field}.column", input.Column, 200, required: true, multiline: false);
        }
        else if (computedKind is not null && input.Column is not null)
        {
            errors.Add($"{field}.column", $"'{metric}' is not computed per feature; leave column out.");
        }
        else
        {
            errors.Text($"{field}.column", input.Column, Models.Points.SeriesLabels.MaxValueLength, multiline: false);
        }
        if (MonitoringMetrics.Drift.Contains(metric) && string.IsNullOrEmpty(plan.ReferenceDatasetId))
        {
            errors.Add($"{field}.metric", $"Drift ('{metric}') is measured against a reference: set referenceDatasetId.");
        }
        if (kind == MetricKind.Fairness && string.IsNullOrEmpty(plan.GroupColumn))
        {
            errors.Add($"{field}.metric", $"Fairness ('{metric}') is measured across groups: set groupColumn.");
        }
        foreach (var (name, number) in new[] { ("warning", input.Warning), ("critical", input.Critical), ("min", input.Min), ("max", input.Max) })
        {
            // 1e400 binds as infinity and "NaN" as NaN; neither is a threshold, and the plan's JSON column cannot hold them.
            if (number is { } n && !double.IsFinite(n))
            {
                errors.Add($"{field}.{name}", "A finite number.");
            }
        }
        var direction = input.Direction ?? (LowerIsWorse.Contains(metric) ? ThresholdDirection.Below : ThresholdDirection.Above);
        if (input.Warning is { } w && input.Critical is { } c && (direction == ThresholdDirection.Above ? c < w : c > w))
        {
            errors.Add($"{field}.critical", direction == ThresholdDirection.Above
                ? "At least the warning threshold: a value above critical is worse than one above warning."
                : "At most the warning threshold: a value below critical is worse than one below warning.");
        }
        if (metric == MonitoringMetrics.OutOfRangeRate)
        {
            if (input.Min is null && input.Max is null)
            {
                errors.Add($"{field}.min", "out_of_range_rate needs the valid range: min, max or both.");
            }
            else if (input.Min is { } min && input.Max is { } max && min >= max)
            {
                errors.Add($"{field}.max", "Greater than min.");
            }
        }
        else if (input.Min is not null || input.Max is not null)
        {
            errors.Add($"{field}.min", "min and max bound out_of_range_rate only.");
        }
        return errors.Result.Count > before ? null
            : new PlanMetric(metric, string.IsNullOrEmpty(input.Column) ? null : input.Column, kind, direction, input.Warning, input.Critical, input.Min, input.Max);
    }

    private static RetrainingTrigger? CheckRetraining(FieldErrors errors, RetrainingInput? input, List<PlanMetric> metrics)
    {
        if (input is null)
        {
            return null;
        }
        errors.Defined("retraining.onSeverity", input.OnSeverity, required: true);
        if (input.OnSeverity == AlertLevel.None)
        {
            errors.Add("retraining.onSeverity", "Warning or Critical.");
        }
        errors.Uri("retraining.webhookUrl", input.WebhookUrl, httpOnly: true);
        var names = input.Metrics ?? [];
        for (var i = 0; i < names.Count; i++)
        {
            if (!metrics.Any(m => m.Metric == names[i]))
            {
                errors.Add($"retraining.metrics[{i}]", "A metric this plan watches.");
            }
        }
        return input.OnSeverity is { } level && level != AlertLevel.None && input.WebhookUrl is not null
            ? new RetrainingTrigger(level, [.. names.Distinct(StringComparer.Ordinal)], input.WebhookUrl) : null;
    }

    /// <summary>Where a reference dataset's bytes are: the key Assessment's dataset store gives each upload.</summary>
    public static string ReferenceKey(string org, string datasetId) => $"datasets/{org}/{datasetId}";

    /// <summary>The format of a stored dataset from its first bytes: Parquet files start with PAR1, anything else the store took is CSV.</summary>
    public static async Task<string?> SniffFormatAsync(IDatasetStorage storage, string key, CancellationToken ct)
    {
        if (!DatasetKeys.IsValid(key) || !await storage.ExistsAsync(key, ct))
        {
            return null;
        }
        await using var head = await storage.OpenReadAsync(key, 0, 4, ct);
        var magic = new byte[4];
        var read = await head.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, ct);
        return read == 4 && magic.AsSpan().SequenceEqual("PAR1"u8) ? DatasetFormat.Parquet.ToString() : DatasetFormat.Csv.ToString();
    }

    public static IReadOnlyList<string> MissingForCompleteness(MonitoringPlan p)
    {
        var missing = new List<string>();
        if (p.AlertRoutes.Count == 0 || !p.Metrics.Any(m => m.HasThreshold))
        {
            missing.Add("alerting: a threshold and an alert route");
        }
        if (p.DashboardUrl is null)
        {
            missing.Add("dashboard");
        }
        if (p.RunbookUrl is null)
        {
            missing.Add("runbook");
        }
        return missing;
    }

    public static string FormatDuration(TimeSpan d) =>
        d.TotalDays >= 1 && d.Ticks % TimeSpan.TicksPerDay == 0 ? $"{(long)d.TotalDays}d"
        : d.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)d.TotalHours}h"
        : d.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)d.TotalMinutes}m"
        : $"{(long)d.TotalSeconds}s";
}
