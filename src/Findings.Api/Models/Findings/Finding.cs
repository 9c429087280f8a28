using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Findings.Models.Findings;

/// <summary>
/// A problem someone must fix, from the moment a source raises it until an independent verifier closes it (or an
/// approver accepts its risk until an expiry). Every change is appended to <see cref="History"/>; the events other
/// services hear about are raised here and leave through the outbox.
/// </summary>
public sealed class Finding : Aggregate, IOrgOwned
{
    public const int TitleMaxLength = 300;
    public const int TextMaxLength = 8000;
    public const int ActorMaxLength = 255;

    private readonly List<FindingChange> _history = [];
    private readonly List<FindingComment> _comments = [];
    private readonly List<ClosureEvidence> _evidence = [];

    private Finding()
    {
    }

    public string Org { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string? ModelVersionId { get; private set; }
    public string? ReviewId { get; private set; }
    public FindingSource Source { get; private set; }
    public string SourceKey { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public FindingSeverity Severity { get; private set; }
    public string SeverityRationale { get; private set; } = "";
    public string Owner { get; private set; } = "";
    public FindingState State { get; private set; }
    public string? RemediationPlan { get; private set; }
    public List<string> VerificationSteps { get; private set; } = [];

    /// <summary>Everyone who remediated: named when remediation started, or who declared it ready. None of them may verify.</summary>
    public List<string> Remediators { get; private set; } = [];

    /// <summary>When the SLA clock started: opening, or the last reopening.</summary>
    public DateTimeOffset ClockStartedAt { get; private set; }

    /// <summary>The due date in the org's time zone, and the UTC instant that day ends.</summary>
    public DateOnly DueDate { get; private set; }
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>The source fixed the due date (a condition of approval); a severity change still recomputes it from the policy.</summary>
    public bool DueDateFromSource { get; private set; }

    public DateTimeOffset? OverdueSince { get; private set; }

    /// <summary>0 not escalated, 1 escalated to the owner's lead, 2 to the risk function.</summary>
    public int EscalationLevel { get; private set; }

    /// <summary>When the sweep next has something to do with this finding (overdue, escalation, acceptance expiry); null: nothing.</summary>
    public DateTimeOffset? NextSweepAt { get; private set; }

    public RiskAcceptance? RiskAcceptance { get; private set; }
    public string? VerifiedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Closed after its due date (SLA adherence counts it as missed).</summary>
    public bool ClosedLate { get; private set; }

    public string? IncidentId { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<FindingChange> History => _history;
    public IReadOnlyList<FindingComment> Comments => _comments;
    public IReadOnlyList<ClosureEvidence> Evidence => _evidence;

    public bool IsOverdue(DateTimeOffset now) => FindingLifecycle.Active.Contains(State) && now >= DueAt;

    public static Finding Open(FindingOpening opening, SlaTerms terms, string actor, DateTimeOffset now, string? incidentId = null)
    {
        var finding = new Finding
        {
            Id = NewId(),
            Org = opening.Org,
            ModelId = opening.ModelId,
            ModelVersionId = opening.ModelVersionId,
            ReviewId = opening.ReviewId,
            Source = opening.Source,
            SourceKey = opening.SourceKey,
            Title = opening.Title,
            Description = opening.Description,
            Severity = opening.Severity,
            SeverityRationale = opening.SeverityRationale,
            Owner = opening.Owner,
            State = FindingState.Open,
            VerificationSteps = [.. opening.VerificationSteps],
            ClockStartedAt = now,
            IncidentId = incidentId,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (opening.DueDate is { } fixedDate)
        {
            finding.DueDate = fixedDate;
            finding.DueAt = SlaCalendar.EndOfLocalDay(fixedDate, terms.Zone);
            finding.DueDateFromSource = true;
        }
        else
        {
            (finding.DueDate, finding.DueAt) = SlaCalendar.Due(now, terms.DaysFor(opening.Severity), terms);
        }
        finding.ScheduleSweep(terms);
        finding._history.Add(new FindingChange(now, actor, "opened", null, FindingState.Open.ToString(),
            $"{opening.Source} {opening.SourceKey}; {opening.Severity}: {opening.SeverityRationale}"));
        finding.Revision = 1;
        finding.Raise(new FindingOpened(finding.Id, finding.SourceKey, finding.Source.ToString(), finding.Org, finding.ModelId,
            finding.Severity.ToString(), finding.Owner, finding.DueAt, actor, now));
        return finding;
    }

    /// <summary>Edits the descriptive fields; each changed one is logged.</summary>
    public void Edit(string? title, string? description, string? owner, string? remediationPlan, IReadOnlyList<string>? verificationSteps,
        string actor, DateTimeOffset now)
    {
        var changed = false;
        if (title is not null && title != Title)
        {
            Log(now, actor, "title", Title, title, null);
            Title = title;
            changed = true;
        }
        if (description is not null && description != Description)
        {
            Log(now, actor, "description", null, null, null);
            Description = description;
            changed = true;
        }
        if (owner is not null && owner != Owner)
        {
            Log(now, actor, "owner", Owner, owner, null);
            Owner = owner;
            changed = true;
        }
        if (remediationPlan is not null && remediationPlan != RemediationPlan)
        {
            Log(now, actor, "remediationPlan", null, null, null);
            RemediationPlan = remediationPlan;
            changed = true;
        }
        if (verificationSteps is not null && !verificationSteps.SequenceEqual(VerificationSteps))
        {
            Log(now, actor, "verificationSteps", VerificationSteps.Count.ToString(), verificationSteps.Count.ToString(), null);
            VerificationSteps = [.. verificationSteps];
            changed = true;
        }
        if (changed)
        {
            Changed(now);
        }
    }

    /// <summary>A new severity with its rationale; the due date is recomputed from the SLA clock's start under the org's policy.</summary>
    public Refusal? ChangeSeverity(FindingSeverity severity, string rationale, SlaTerms terms, string actor, DateTimeOffset now)
    {
        if (State == FindingState.Closed)
        {
            return Refusal.IllegalTransition("A closed finding's severity is final; reopen it first.");
        }
        if (severity == Severity)
        {
            return Refusal.Invalid("severity", $"The finding is already {severity}.");
        }
        var (dueDate, dueAt) = SlaCalendar.Due(ClockStartedAt, terms.DaysFor(severity), terms);
        Log(now, actor, "severity", Severity.ToString(), severity.ToString(), rationale);
        if (dueAt != DueAt)
        {
            Log(now, actor, "dueDate", DueDate.ToString("O"), dueDate.ToString("O"), $"Recomputed for {severity} under the org's SLA policy.");
        }
        Severity = severity;
        SeverityRationale = rationale;
        DueDate = dueDate;
        DueAt = dueAt;
        DueDateFromSource = false;
        ResetEscalation(now);
        ScheduleSweep(terms);
        Changed(now);
        return null;
    }

    public Refusal? StartRemediation(string? remediator, string? plan, SlaTerms terms, string actor, DateTimeOffset now)
    {
        if (Move(FindingState.InRemediation, actor, now, plan is null ? null : "Remediation plan set.") is { } refusal)
        {
            return refusal;
        }
        if (remediator is not null && !Remediators.Contains(remediator, StringComparer.OrdinalIgnoreCase))
        {
            Remediators.Add(remediator);
            Log(now, actor, "remediator", null, remediator, null);
        }
        if (plan is not null)
        {
            RemediationPlan = plan;
        }
        ScheduleSweep(terms);
        return null;
    }

    public Refusal? ReadyForVerification(string? note, SlaTerms terms, string actor, DateTimeOffset now)
    {
        if (Evidence.Count == 0)
        {
            return Refusal.Conflict("Attach closure evidence (POST .../evidence with its SHA-256) before asking for verification.");
        }
        if (Move(FindingState.ReadyForVerification, actor, now, note) is { } refusal)
        {
            return refusal;
        }
        if (!Remediators.Contains(actor, StringComparer.OrdinalIgnoreCase))
        {
            Remediators.Add(actor);
        }
        ScheduleSweep(terms);
        return null;
    }

    /// <summary>
    /// An independent verifier's result: passed closes the finding, failed sends it back to remediation. The verifier is
    /// never the owner nor anyone who remediated (ADR 080).
    /// </summary>
    public Refusal? Verify(bool passed, string notes, SlaTerms terms, string actor, DateTimeOffset now)
    {
        if (SeparationOfDuties.WhyNotVerifier(actor, Owner, Remediators) is { } why)
        {
            return Refusal.Forbidden(why);
        }
        var to = passed ? FindingState.Closed : FindingState.InRemediation;
        if (Move(to, actor, now, (passed ? "Verified: " : "Verification failed: ") + notes) is { } refusal)
        {
            return refusal;
        }
        if (passed)
        {
            VerifiedBy = actor;
            ClosedAt = now;
            ClosedLate = now >= DueAt;
            Raise(new FindingClosed(Id, SourceKey, Org, ModelId, Severity.ToString(), actor, ClosedLate, now));
        }
        ScheduleSweep(terms);
        return null;
    }

    public Refusal? AcceptRisk(string rationale, DateTimeOffset expires, SlaTerms terms, string actor, DateTimeOffset now)
    {
        if (SeparationOfDuties.WhyNotRiskApprover(actor, Owner) is { } why)
        {
            return Refusal.Forbidden(why);
        }
        if (expires <= now)
        {
            return Refusal.Invalid("expires", "A time in the future: an acceptance without an expiry is not an acceptance.");
        }
        if (Move(FindingState.RiskAccepted, actor, now, $"Accepted until {expires:O}: {rationale}") is { } refusal)
        {
            return refusal;
        }
        RiskAcceptance = new RiskAcceptance(actor, rationale, now, expires);
        ScheduleSweep(terms);
        return null;
    }

    /// <summary>Reopens a closed or accepted finding; the SLA clock starts again from now under the org's policy.</summary>
    public Refusal? Reopen(string reason, SlaTerms terms, string actor, DateTimeOffset now)
    {
        if (Move(FindingState.Reopened, actor, now, reason) is { } refusal)
        {
            return refusal;
        }
        RestartClock(terms, now);
        return null;
    }

    /// <summary>The sweep's part (ADR 083): an expired acceptance reopens; a passed due date marks overdue and escalates.</summary>
    public IReadOnlyList<FindingEscalated> Sweep(SlaTerms terms, DateTimeOffset now)
    {
        var escalations = new List<FindingEscalated>();
        if (State == FindingState.RiskAccepted && RiskAcceptance is { } acceptance && now >= acceptance.Expires)
        {
            Move(FindingState.Reopened, "sla-sweep", now, $"The risk acceptance by {acceptance.Approver} expired at {acceptance.Expires:O}.");
            RestartClock(terms, now);
            return escalations;
        }
        if (!IsOverdue(now))
        {
            ScheduleSweep(terms);
            return escalations;
        }
        if (OverdueSince is null)
        {
            OverdueSince = now;
            Log(now, "sla-sweep", "overdue", null, DueAt.ToString("O"), null);
            Raise(new FindingOverdue(Id, Org, ModelId, Severity.ToString(), Owner, DueAt, now));
        }
        if (EscalationLevel < 1)
        {
            escalations.Add(Escalate(1, terms.LeadOf(Owner) is { } lead ? [lead] : [], now));
        }
        if (EscalationLevel < 2 && now >= DueAt.AddDays(terms.RiskFunctionAfterDays))
        {
            escalations.Add(Escalate(2, terms.RiskFunction, now));
        }
        ScheduleSweep(terms);
        Changed(now);
        return escalations;
    }

    public void AddEvidence(string uri, string sha256, string? description, string actor, DateTimeOffset now)
    {
        _evidence.Add(new ClosureEvidence(uri, sha256.ToLowerInvariant(), description, actor, now));
        Log(now, actor, "evidence", null, uri, description);
        Changed(now);
    }

    public FindingComment AddComment(string text, string actor, DateTimeOffset now)
    {
        var comment = new FindingComment(NewId(), actor, now, text);
        _comments.Add(comment);
        Log(now, actor, "comment", null, comment.Id, null);
        Changed(now);
        return comment;
    }

    private FindingEscalated Escalate(int level, IReadOnlyList<string> recipients, DateTimeOffset now)
    {
        EscalationLevel = level;
        Log(now, "sla-sweep", "escalation", (level - 1).ToString(), level.ToString(), recipients.Count == 0 ? "No recipients in the SLA policy." : string.Join(", ", recipients));
        var escalated = new FindingEscalated(Id, Org, ModelId, Severity.ToString(), Owner, level, [.. recipients], DueAt, now);
        Raise(escalated);
        return escalated;
    }

    private Refusal? Move(FindingState to, string actor, DateTimeOffset now, string? reason)
    {
        if (FindingLifecycle.WhyNot(State, to) is { } why)
        {
            return Refusal.IllegalTransition(why);
        }
        Log(now, actor, "state", State.ToString(), to.ToString(), reason);
        State = to;
        Changed(now);
        return null;
    }

    private void RestartClock(SlaTerms terms, DateTimeOffset now)
    {
        ClockStartedAt = now;
        RiskAcceptance = null;
        VerifiedBy = null;
        ClosedAt = null;
        ClosedLate = false;
        (DueDate, DueAt) = SlaCalendar.Due(now, terms.DaysFor(Severity), terms);
        DueDateFromSource = false;
        Log(now, "sla", "dueDate", null, DueDate.ToString("O"), "The SLA clock restarted.");
        ResetEscalation(now);
        ScheduleSweep(terms);
    }

    private void ResetEscalation(DateTimeOffset now)
    {
        if (!IsOverdue(now))
        {
            OverdueSince = null;
            EscalationLevel = 0;
        }
    }

    /// <summary>The next moment the sweep must look at this finding; it indexes the sweep's query (ADR 083).</summary>
    private void ScheduleSweep(SlaTerms terms) => NextSweepAt = State switch
    {
        FindingState.RiskAccepted => RiskAcceptance?.Expires,
        _ when !FindingLifecycle.Active.Contains(State) => null,
        _ when EscalationLevel == 0 => DueAt,
        _ when EscalationLevel == 1 => DueAt.AddDays(terms.RiskFunctionAfterDays),
        _ => null,
    };

    private void Log(DateTimeOffset now, string actor, string what, string? from, string? to, string? reason) =>
        _history.Add(new FindingChange(now, actor, what, from, to, reason));

    private void Changed(DateTimeOffset now)
    {
        UpdatedAt = now;
        Touch();
    }
}
