using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelRisk.ValidationWorker;

/// <summary>
/// The meter <c>ModelRisk.ValidationWorker</c>: jobs in flight, job duration by kind (plan, shard, merge,
/// monitoring-window) and outcome, and queue lag (from the moment a job was published to the moment a worker started
/// it), exported with the other <c>ModelRisk.*</c> meters.
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "ModelRisk.ValidationWorker";

    private readonly UpDownCounter<long> inFlight;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> queueLag;
    private readonly Counter<long> rows;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        inFlight = meter.CreateUpDownCounter<long>("modelrisk.worker.jobs_in_flight", "{job}", "Validation jobs running in this worker");
        duration = meter.CreateHistogram<double>("modelrisk.worker.job.duration", "s", "Time a validation job ran, by kind and outcome");
        queueLag = meter.CreateHistogram<double>("modelrisk.worker.queue.lag", "s", "Time from a job's publication to its start on a worker");
        rows = meter.CreateCounter<long>("modelrisk.worker.rows", "{row}", "Rows validated");
    }

    /// <summary>Counts the job in flight until the returned scope is disposed, then records its duration with the outcome set on it.</summary>
    public JobScope Start(string kind, DateTime? sentTime, TimeProvider time)
    {
        if (sentTime is { } sent)
        {
            var lag = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(sent, DateTimeKind.Utc);
            queueLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));
        }

        inFlight.Add(1, new KeyValuePair<string, object?>("kind", kind));
        return new JobScope(this, kind, Stopwatch.GetTimestamp());
    }

    public void Rows(long count) => rows.Add(count);

    private void End(string kind, string outcome, long started)
    {
        inFlight.Add(-1, new KeyValuePair<string, object?>("kind", kind));
        duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public sealed class JobScope(WorkerMetrics metrics, string kind, long started) : IDisposable
    {
        /// <summary>completed, cancelled or failed (the default until <see cref="Complete"/> or <see cref="Cancel"/>).</summary>
        public string Outcome { get; private set; } = "failed";

        public void Complete() => Outcome = "completed";

        public void Cancel() => Outcome = "cancelled";

        public void Dispose() => metrics.End(kind, Outcome, started);
    }
}
