using System.Collections.Concurrent;
using MassTransit;

namespace ModelRisk.TestSupport;

/// <summary>
/// Counts every finished delivery per message id, redeliveries included (the harness' own lists keep one entry per
/// id, so a redelivery of the same id cannot be waited on there).
/// </summary>
public sealed class ConsumeCounter : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _finished = new();
    private readonly ConcurrentDictionary<Guid, int> _faulted = new();

    public int Finished(Guid messageId) => _finished.GetValueOrDefault(messageId);

    public int Faulted(Guid messageId) => _faulted.GetValueOrDefault(messageId);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Count(_finished, context.MessageId);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        Count(_faulted, context.MessageId);
        Count(_finished, context.MessageId);
        return Task.CompletedTask;
    }

    private static void Count(ConcurrentDictionary<Guid, int> counts, Guid? messageId)
    {
        if (messageId is { } id)
        {
            counts.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
    }
}
