using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Messaging;

public static class OutboxDbContextExtensions
{
    /// <summary>The JSON shape of outbox bodies (web defaults: camelCase).</summary>
    public static JsonSerializerOptions BodySerializerOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stages an event in the DbContext; the next SaveChanges writes it together with the state change, in one transaction.
    /// Only types in <see cref="MessageTypeRegistry.Default"/> (the contract records) are accepted.
    /// </summary>
    public static void AddOutboxEvent<T>(this DbContext db, T message) where T : class =>
        db.AddOutboxEvent(message, TimeProvider.System);

    public static void AddOutboxEvent<T>(this DbContext db, T message, TimeProvider timeProvider) where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var type = message.GetType();
        if (!MessageTypeRegistry.Default.IsRegistered(type))
        {
            throw new ArgumentException(
                $"{type.FullName} is not a registered message contract (a record in a ModelRisk.Contracts.* namespace).", nameof(message));
        }

        var activity = Activity.Current;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = NewId.NextGuid(),
            MessageType = MessageTypeRegistry.NameOf(type),
            Body = JsonSerializer.Serialize(message, type, BodySerializerOptions),
            OccurredAt = timeProvider.GetUtcNow().UtcDateTime,
            TraceParent = activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null,
        });

        // Re-adding the same static handler keeps exactly one subscription per context instance.
        db.SavedChanges -= OnSavedChanges;
        db.SavedChanges += OnSavedChanges;
    }

    static void OnSavedChanges(object? sender, SavedChangesEventArgs e) => OutboxSignal.Notify();
}
