using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Sla;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Messaging;

namespace ModelRisk.Findings.Features.FromSources;

/// <summary>
/// Tracks a condition of approval to closure as a finding, once per condition (source key
/// <c>condition-of-approval/{conditionId}</c>), due on the date the approvers set and verified by the steps they named.
/// </summary>
public sealed partial class ConditionOfApprovalSetConsumer(FindingsDbContext findings, TimeProvider time, ILogger<ConditionOfApprovalSetConsumer> logger)
    : IdempotentConsumer<ConditionOfApprovalSet, FindingsDbContext>(findings)
{
    public static string SourceKeyOf(string conditionId) => $"condition-of-approval/{conditionId}";

    protected override async Task HandleAsync(ConsumeContext<ConditionOfApprovalSet> context, FindingsDbContext db, CancellationToken cancellationToken)
    {
        var condition = context.Message;
        var key = SourceKeyOf(condition.ConditionId);
        if (await db.Findings.AnyAsync(f => f.SourceKey == key, cancellationToken))
        {
            LogDuplicate(logger, key);
            return;
        }
        var terms = await new SlaPolicies(db).TermsForAsync(condition.Org, cancellationToken);
        var title = FindingRaisedConsumer.Cut("Condition of approval: " + condition.Description.ReplaceLineEndings(" "), Finding.TitleMaxLength);
        db.Findings.Add(Finding.Open(new FindingOpening(condition.Org, condition.ModelId, null, condition.ReviewId, FindingSource.ConditionOfApproval, key,
            title, FindingRaisedConsumer.Cut(condition.Description, Finding.TextMaxLength), FindingSeverity.Medium,
            $"A condition the approvers of review {condition.ReviewId} attached to their approval; due on the date they set.",
            FindingRaisedConsumer.Cut(condition.Owner, Finding.ActorMaxLength),
            [.. condition.VerificationSteps.Take(30).Select(s => FindingRaisedConsumer.Cut(s, 1000))], condition.DueDate), terms, "assessment", time.GetUtcNow()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ConditionOfApprovalSet {SourceKey} names a finding that exists; acknowledged without effect")]
    private static partial void LogDuplicate(ILogger logger, string sourceKey);
}
