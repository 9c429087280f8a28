using MassTransit;
using ModelRisk.Contracts.Monitoring.V1;

namespace ModelRisk.Monitoring.Benchmarks;

/// <summary>The windows the benchmark waits for, by evaluation id.</summary>
public sealed class EvaluatedWindows
{
    private readonly Dictionary<string, TaskCompletionSource<MonitoringWindowEvaluated>> waiting = new(StringComparer.Ordinal);

    public Task<MonitoringWindowEvaluated> Expect(string id)
    {
        var source = new TaskCompletionSource<MonitoringWindowEvaluated>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiting)
        {
            waiting[id] = source;
        }

        return source.Task;
    }

    public void Complete(MonitoringWindowEvaluated message)
    {
        lock (waiting)
        {
            if (waiting.Remove(message.EvaluationId, out var source))
            {
                source.SetResult(message);
            }
        }
    }
}

public sealed class EvaluatedConsumer(EvaluatedWindows windows) : IConsumer<MonitoringWindowEvaluated>
{
    public Task Consume(ConsumeContext<MonitoringWindowEvaluated> context)
    {
        windows.Complete(context.Message);
        return Task.CompletedTask;
    }
}
