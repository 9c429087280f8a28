using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace ModelRisk.Monitoring.Features.Points;

/// <summary>
/// The meter <c>ModelRisk.Monitoring</c>, exported to Prometheus with the other <c>ModelRisk.*</c> meters: the latest
/// value of every watched series as a gauge, and counters of points ingested, alerts fired and windows evaluated.
/// Label cardinality is bounded (ADR 096): the gauge carries only series a plan watches, labelled by org, model, metric
/// and column (never free-form labels), and at most <see cref="MonitoringOptions.MaxExportedSeries"/> of them per
/// process; a series past the bound is counted in <c>modelrisk.monitoring.series.dropped</c>, not exported.
/// </summary>
public sealed class MonitoringMeter
{
    public const string MeterName = "ModelRisk.Monitoring";

    private readonly ConcurrentDictionary<(string Org, string Model, string Metric, string Column), (double Value, DateTimeOffset At)> _latest = new();
    private readonly int _maxSeries;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _fired;
    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _dropped;

    public MonitoringMeter(IMeterFactory meterFactory, IOptions<MonitoringOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _maxSeries = options.Value.MaxExportedSeries;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("modelrisk.monitoring.metric.value", Observe, null,
            "Latest value of each watched model metric series (org, model, metric, column)");
        _ingested = meter.CreateCounter<long>("modelrisk.monitoring.points.ingested", "{point}", "Metric points stored, by source");
        _fired = meter.CreateCounter<long>("modelrisk.monitoring.alerts.fired", "{alert}", "Alerts fired or escalated, by org and severity");
        _evaluations = meter.CreateCounter<long>("modelrisk.monitoring.evaluations", "{window}", "Monitoring windows evaluated by the workers, by outcome");
        _dropped = meter.CreateCounter<long>("modelrisk.monitoring.series.dropped", "{series}", "Watched series not exported because the gauge is at its bound");
    }

    /// <summary>
    /// Records a value of a watched series if it is the latest by data time (a late point does not replace a newer
    /// value); a new series past the bound is dropped and counted.
    /// </summary>
    public void Watched(string org, string model, string metric, string? column, double value, DateTimeOffset at)
    {
        var key = (org, model, metric, column ?? "");
        if (_latest.ContainsKey(key) || _latest.Count < _maxSeries)
        {
            _latest.AddOrUpdate(key, (value, at), (_, current) => at >= current.At ? (value, at) : current);
        }
        else
        {
            _dropped.Add(1);
        }
    }

    /// <summary>Stops exporting a plan's series (the plan was retired).</summary>
    public void Forget(string model)
    {
        foreach (var key in _latest.Keys.Where(k => k.Model == model))
        {
            _latest.TryRemove(key, out _);
        }
    }

    public int ExportedSeries => _latest.Count;

    public void Ingested(long count, string source) => _ingested.Add(count, new KeyValuePair<string, object?>("source", source));

    public void Fired(string org, string severity) =>
        _fired.Add(1, new KeyValuePair<string, object?>("org", org), new KeyValuePair<string, object?>("severity", severity));

    public void Evaluated(string outcome) => _evaluations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<double>> Observe() =>
        _latest.Select(s => new Measurement<double>(s.Value.Value,
            new KeyValuePair<string, object?>("org", s.Key.Org),
            new KeyValuePair<string, object?>("model", s.Key.Model),
            new KeyValuePair<string, object?>("metric", s.Key.Metric),
            new KeyValuePair<string, object?>("column", s.Key.Column)));
}
