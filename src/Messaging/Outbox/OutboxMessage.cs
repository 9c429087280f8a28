namespace ModelRisk.Messaging.Outbox;

/// <summary>An event waiting in the service's own database to be delivered to the broker (table <c>outbox_messages</c>).</summary>
public sealed class OutboxMessage
{
    /// <summary>Identity; the dispatcher delivers in this order.</summary>
    public long Id { get; set; }

    /// <summary>Becomes the MassTransit message id, so inboxes downstream recognise a redelivery.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Full name of a type in the <see cref="MessageTypeRegistry"/>.</summary>
    public required string MessageType { get; set; }

    public required string Body { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>W3C trace parent of the activity that wrote the event, so the trace continues through the broker.</summary>
    public string? TraceParent { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTime? DispatchedAt { get; set; }

    /// <summary>Set when the row can never be delivered by this build (unknown type, unreadable body); see the dispatcher.</summary>
    public DateTime? ParkedAt { get; set; }
}

/// <summary>The single row per service that says which replica may dispatch (table <c>outbox_lease</c>).</summary>
public sealed class OutboxLease
{
    public required string Name { get; set; }

    public string? Holder { get; set; }

    public DateTime ExpiresAt { get; set; }
}
