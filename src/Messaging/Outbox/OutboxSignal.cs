namespace ModelRisk.Messaging.Outbox;

/// <summary>
/// Wakes the dispatchers in this process as soon as a SaveChanges wrote outbox rows, instead of waiting for the next poll.
/// Static because <see cref="OutboxDbContextExtensions.AddOutboxEvent{T}"/> has no service provider; a spurious wake-up
/// (another context, another host in a test) costs one query.
/// </summary>
public static class OutboxSignal
{
    static TaskCompletionSource s_next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>. Take it before looking for rows so no notification is missed.</summary>
    public static Task Next => Volatile.Read(ref s_next).Task;

    public static void Notify() =>
        Interlocked.Exchange(ref s_next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
