using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Sla;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Messaging;

namespace ModelRisk.Findings.Features.FromSources;

/// <summary>
/// Opens the finding a source raised, once per source key (ADR 080): the inbox drops a redelivered message, the key
/// drops the same problem sent again under a new message id, and the unique index makes a concurrent twin fail its
/// save, which retries and then finds the key taken. A message that names no known source or severity is logged and
/// acknowledged: redelivering it would never change the answer.
/// </summary>
public sealed partial class FindingRaisedConsumer(FindingsDbContext findings, TimeProvider time, ILogger<FindingRaisedConsumer> logger)
    : IdempotentConsumer<FindingRaised, FindingsDbContext>(findings)
{
    protected override async Task HandleAsync(ConsumeContext<FindingRaised> context, FindingsDbContext db, CancellationToken cancellationToken)
    {
        var raised = context.Message;
        if (!TryParse<FindingSource>(raised.Source, out var source) || !TryParse<FindingSeverity>(raised.Severity, out var severity))
        {
            LogNotApplied(logger, raised.SourceKey, $"Source '{raised.Source}' or severity '{raised.Severity}' is not one Findings knows.");
            return;
        }
        if (string.IsNullOrWhiteSpace(raised.SourceKey) || raised.SourceKey.Length > 300 || string.IsNullOrWhiteSpace(raised.Org) || string.IsNullOrWhiteSpace(raised.ModelId))
        {
            LogNotApplied(logger, raised.SourceKey, "A finding needs a source key of at most 300 characters, an org and a model.");
            return;
        }
        if (await db.Findings.AnyAsync(f => f.SourceKey == raised.SourceKey, cancellationToken))
        {
            LogDuplicate(logger, raised.SourceKey);
            return;
        }
        var terms = await new SlaPolicies(db).TermsForAsync(raised.Org, cancellationToken);
        var owner = string.IsNullOrWhiteSpace(raised.SuggestedOwner) ? raised.RaisedBy : raised.SuggestedOwner;
        db.Findings.Add(Finding.Open(new FindingOpening(raised.Org, raised.ModelId, raised.ModelVersionId, raised.ReviewId, source, raised.SourceKey,
            Cut(raised.Title, Finding.TitleMaxLength), Cut(raised.Description, Finding.TextMaxLength), severity,
            Cut(raised.SeverityRationale, Finding.TextMaxLength), Cut(owner, Finding.ActorMaxLength), []), terms, Cut(raised.RaisedBy, Finding.ActorMaxLength),
            time.GetUtcNow()));
    }

    /// <summary>By name only: Enum.TryParse would also take "3".</summary>
    internal static bool TryParse<TEnum>(string value, out TEnum parsed) where TEnum : struct, Enum
    {
        parsed = default;
        return Enum.GetNames<TEnum>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out parsed);
    }

    /// <summary>A source's text longer than the column is cut rather than failing the save on every redelivery.</summary>
    internal static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "FindingRaised {SourceKey} was acknowledged without effect: {Reason}")]
    private static partial void LogNotApplied(ILogger logger, string sourceKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "FindingRaised {SourceKey} names a finding that exists; acknowledged without effect")]
    private static partial void LogDuplicate(ILogger logger, string sourceKey);
}
