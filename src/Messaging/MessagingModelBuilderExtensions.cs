using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ModelRisk.Messaging.Inbox;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Messaging;

public static class MessagingModelBuilderExtensions
{
    // Times are stored as UTC DateTime rather than DateTimeOffset: SQLite cannot compare DateTimeOffset in SQL,
    // and the dispatcher filters on these columns.
    static readonly ValueConverter<DateTime, DateTime> Utc = new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    /// <summary>Adds the tables <c>outbox_messages</c>, <c>outbox_lease</c> and <c>inbox_messages</c> to a service's model.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(300);
            b.Property(m => m.Body).HasColumnName("body");
            b.Property(m => m.OccurredAt).HasColumnName("occurred_at").HasConversion(Utc);
            b.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            b.Property(m => m.Attempts).HasColumnName("attempts");
            b.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at").HasConversion(Utc);
            b.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            b.Property(m => m.DispatchedAt).HasColumnName("dispatched_at").HasConversion(Utc);
            b.Property(m => m.ParkedAt).HasColumnName("parked_at").HasConversion(Utc);
            b.HasIndex(m => m.MessageId).IsUnique();
            b.HasIndex(m => new { m.DispatchedAt, m.ParkedAt, m.Id });
        });

        modelBuilder.Entity<OutboxLease>(b =>
        {
            b.ToTable("outbox_lease");
            b.HasKey(l => l.Name);
            b.Property(l => l.Name).HasColumnName("name").HasMaxLength(200);
            b.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(200);
            b.Property(l => l.ExpiresAt).HasColumnName("expires_at").HasConversion(Utc);
        });

        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable("inbox_messages");
            b.HasKey(i => new { i.MessageId, i.Consumer });
            b.Property(i => i.MessageId).HasColumnName("message_id");
            b.Property(i => i.Consumer).HasColumnName("consumer").HasMaxLength(256);
            b.Property(i => i.ProcessedAt).HasColumnName("processed_at").HasConversion(Utc);
            b.HasIndex(i => i.ProcessedAt);
        });

        return modelBuilder;
    }
}
