using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Messaging.Tests.Infrastructure;

/// <summary>Reads the outbox instruments of one host's <see cref="OutboxMetrics"/> (its own meter, not another test's).</summary>
public sealed class MetricsListener : IDisposable
{
    readonly MeterListener _listener = new();
    readonly ConcurrentDictionary<string, double> _last = new(StringComparer.Ordinal);

    public MetricsListener(OutboxMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    void Record(Instrument instrument, double value) =>
        _last.AddOrUpdate(instrument.Name, value, (_, total) => instrument is ObservableGauge<long> or ObservableGauge<double> ? value : total + value);

    /// <summary>The gauge's current value (observed now).</summary>
    public double Gauge(string name)
    {
        _listener.RecordObservableInstruments();
        return _last.TryGetValue(name, out var value) ? value : double.NaN;
    }

    public void Dispose() => _listener.Dispose();
}
