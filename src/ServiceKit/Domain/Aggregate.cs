namespace ModelRisk.ServiceKit.Domain;

/// <summary>
/// An aggregate a person edits: an opaque id, a revision that is both the ETag and the optimistic-concurrency token,
/// and the events its changes raised. <see cref="Data.ServiceDbContext"/> stages those events in the outbox on save,
/// in the same transaction as the change, so no endpoint stages an event by hand.
/// </summary>
public abstract class Aggregate
{
    private readonly List<object> _events = [];

    public string Id { get; protected set; } = "";

    /// <summary>Incremented on every change.</summary>
    public long Revision { get; protected set; }

    public IReadOnlyList<object> PendingEvents => _events;

    /// <summary>Records an event (a contract record) to publish when the change is saved.</summary>
    protected void Raise(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        _events.Add(@event);
    }

    /// <summary>Counts a change without an event (an edit that other services need not hear about).</summary>
    protected void Touch() => Revision++;

    internal List<object> TakeEvents()
    {
        var taken = _events.ToList();
        _events.Clear();
        return taken;
    }

    /// <summary>Version-7 GUIDs: opaque to clients, time-ordered for keyset paging.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
