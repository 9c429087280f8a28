namespace ModelRisk.Messaging.Inbox;

/// <summary>A message a consumer has handled (table <c>inbox_messages</c>); its key makes a second effect impossible.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public DateTime ProcessedAt { get; set; }
}
