using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Monitoring.Models.Alerts;

/// <summary>
/// The alerting state of one series of one watched metric: how many breaching points in a row, since when, the
/// instant of the last point applied (older points are stored but do not move the state) and the alert firing now,
/// if any. One row per (plan, metric, series), so two alerts of one series can never fire at once: that is the dedupe.
/// Its id is derived from that key.
/// </summary>
public sealed class BreachTracker : Aggregate
{
    public string PlanId { get; private set; } = "";
    public string Metric { get; private set; } = "";
    public string Series { get; private set; } = "";
    public int Consecutive { get; private set; }
    public DateTimeOffset? FirstBreachAt { get; private set; }
    public DateTimeOffset LastPointAt { get; private set; }
    public string? FiringAlertId { get; private set; }

    /// <summary>The tracker's id for (plan, watched metric, series): <paramref name="watch"/> names the metric and its column filter.</summary>
    public static string IdFor(string planId, string watch, string series) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{planId}\n{watch}\n{series}")))[..40];

    public static BreachTracker Start(string id, string planId, string metric, string series) => new()
    {
        Id = id,
        PlanId = planId,
        Metric = metric,
        Series = series,
        LastPointAt = DateTimeOffset.MinValue,
    };

    /// <summary>Whether a point at <paramref name="at"/> is newer than every point applied so far.</summary>
    public bool IsNewer(DateTimeOffset at) => at > LastPointAt;

    public int Breached(DateTimeOffset at, DateTimeOffset firstDataAt)
    {
        Consecutive++;
        if (Consecutive == 1)
        {
            FirstBreachAt = firstDataAt;
        }
        LastPointAt = at;
        Touch();
        return Consecutive;
    }

    public void Cleared(DateTimeOffset at)
    {
        Consecutive = 0;
        FirstBreachAt = null;
        FiringAlertId = null;
        LastPointAt = at;
        Touch();
    }

    public void Firing(string alertId)
    {
        FiringAlertId = alertId;
        Touch();
    }
}
