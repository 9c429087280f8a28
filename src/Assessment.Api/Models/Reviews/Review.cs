using ModelRisk.Assessment.Models.Log;
using ModelRisk.Assessment.Models.Tiering;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>
/// The review of one model version, from draft to decision. Every rule of the workflow lives here: the state table
/// (<see cref="ReviewLifecycle"/>), intake against the tier's checklist, the validator's independence, the approvers'
/// separation of duties and quorum. Each move is timestamped with its actor; each decision, signature, condition,
/// risk acceptance and reopen is recorded for the decision log; decisions leave as events.
/// </summary>
public sealed class Review : LoggedAggregate, IOrgOwned
{
    private List<EvidenceItem> _evidence = [];
    private List<ReviewTransition> _transitions = [];
    private List<Decision> _pastDecisions = [];

    private Review()
    {
    }

    public string Org { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string ModelName { get; private set; } = "";
    public string ModelVersionId { get; private set; } = "";
    public string ModelVersion { get; private set; } = "";
    public ReviewKind Kind { get; private set; }
    public ReviewState State { get; private set; }
    public RiskTier Tier { get; private set; }
    public string PolicyVersion { get; private set; } = "";
    public string? TieringId { get; private set; }
    public List<string> RequiredEvidence { get; private set; } = [];
    public int QuorumCount { get; private set; }
    public List<string> QuorumRoles { get; private set; } = [];
    public int RenewalMonths { get; private set; }

    public string ModelRegistrant { get; private set; } = "";
    public List<string> VersionAuthors { get; private set; } = [];
    public string OwnerAtReview { get; private set; } = "";
    public List<string> Submitters { get; private set; } = [];
    public string? Validator { get; private set; }
    public bool? IntakeCompleteOnFirstSubmission { get; private set; }

    public IReadOnlyList<EvidenceItem> Evidence => _evidence;
    public IReadOnlyList<ReviewTransition> Transitions => _transitions;
    public Decision? Decision { get; private set; }
    public IReadOnlyList<Decision> PastDecisions => _pastDecisions;
    public DateOnly? RenewalDue { get; private set; }
    public int MraRevisions { get; private set; }

    /// <summary>The periodic revalidation opened for this review's renewal, once the renewal job has opened it.</summary>
    public string? RevalidationReviewId { get; private set; }

    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public ApprovalQuorum Quorum => new(QuorumCount, QuorumRoles);

    public ReviewFacts Facts => new(ModelRegistrant, VersionAuthors, OwnerAtReview, Submitters, Validator);

    public static Review Open(ReviewOpening opening, string actor, DateTimeOffset now) => new()
    {
        Id = NewId(),
        Revision = 1,
        Org = opening.Org,
        ModelId = opening.ModelId,
        ModelName = opening.ModelName,
        ModelVersionId = opening.ModelVersionId,
        ModelVersion = opening.ModelVersion,
        Kind = opening.Kind,
        State = ReviewState.Draft,
        Tier = opening.Tier,
        PolicyVersion = opening.PolicyVersion,
        TieringId = opening.TieringId,
        RequiredEvidence = [.. opening.RequiredEvidence],
        QuorumCount = opening.Requirements.Approvals.Count,
        QuorumRoles = [.. opening.Requirements.Approvals.Roles],
        RenewalMonths = opening.Requirements.RenewalMonths,
        ModelRegistrant = opening.ModelRegistrant,
        VersionAuthors = [.. opening.VersionAuthors],
        OwnerAtReview = opening.Owner,
        CreatedBy = actor,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The evidence kinds the tier requires that no evidence item provides yet.</summary>
    public IReadOnlyList<string> MissingEvidence() => [.. RequiredEvidence.Where(kind => _evidence.All(e => e.Kind != kind))];

    public Refusal? AddEvidence(string kind, string uri, string sha256, string actor, DateTimeOffset now)
    {
        if (State is not (ReviewState.Draft or ReviewState.Returned or ReviewState.Submitted or ReviewState.InReview or ReviewState.Reopened))
        {
            return Refusal.IllegalTransition($"Evidence cannot be added to a {State} review.");
        }
        if (_evidence.Any(e => e.Kind == kind && e.Sha256.Equals(sha256, StringComparison.OrdinalIgnoreCase)))
        {
            return Refusal.Conflict($"This {kind} (SHA-256 {sha256}) is already attached.");
        }
        _evidence = [.. _evidence, new EvidenceItem(kind, uri, sha256.ToLowerInvariant(), actor, now)];
        Changed(now);
        return null;
    }

    /// <param name="metadataGaps">What the inventory record of the model lacks for this tier (owner, intended use, endpoints, monitoring link).</param>
    public Refusal? Submit(string actor, DateTimeOffset now, IReadOnlyList<string> metadataGaps)
    {
        if (Move(ReviewState.Submitted, actor, now, null) is { } refusal)
        {
            return refusal;
        }
        IntakeCompleteOnFirstSubmission ??= MissingEvidence().Count == 0 && metadataGaps.Count == 0;
        if (!Submitters.Contains(actor))
        {
            Submitters = [.. Submitters, actor];
        }
        return null;
    }

    public Refusal? Return(string reason, string actor, DateTimeOffset now) => Move(ReviewState.Returned, actor, now, reason);

    public Refusal? AssignValidator(string validator, string actor, DateTimeOffset now)
    {
        if (State is ReviewState.Decided or ReviewState.Closed)
        {
            return Refusal.IllegalTransition($"A {State} review's validator cannot change.");
        }
        if (SeparationOfDuties.WhyNotValidator(validator, Facts) is { } reason)
        {
            return Refusal.Forbidden(reason);
        }
        if (Validator == validator)
        {
            return Refusal.Conflict($"{validator} is already the validator.");
        }
        Validator = validator;
        _transitions = [.. _transitions, new ReviewTransition(State, State, actor, now, $"validator: {validator}")];
        Changed(now);
        return null;
    }

    /// <summary>
    /// Intake accepts the review into validation: the tier's evidence is complete, the inventory record has what the
    /// tier needs (<paramref name="metadataGaps"/> empty), and an independent validator is assigned.
    /// </summary>
    public Refusal? Accept(string actor, DateTimeOffset now, IReadOnlyList<string> metadataGaps)
    {
        if (ReviewLifecycle.WhyNot(State, ReviewState.InReview) is { } illegal)
        {
            return Refusal.IllegalTransition(illegal);
        }
        var missing = MissingEvidence().Concat(metadataGaps).ToList();
        if (missing.Count > 0)
        {
            return Refusal.Conflict($"Intake is incomplete: the {Tier} tier requires {string.Join(", ", missing)}. Return the review for what is missing.");
        }
        if (Validator is null)
        {
            return Refusal.Conflict("Assign an independent validator before accepting the review.");
        }
        return Move(ReviewState.InReview, actor, now, null);
    }

    /// <summary>The first approver proposes the decision and signs it; the decision is taken when the quorum signs.</summary>
    public Refusal? ProposeDecision(DecisionOutcome outcome, string rationale, IReadOnlyList<ConditionOfApproval> conditions,
        IReadOnlyList<RiskAcceptance> acceptances, string approver, IReadOnlyCollection<string> roles, DateTimeOffset now)
    {
        if (State != ReviewState.InReview)
        {
            return Refusal.IllegalTransition($"A decision is proposed on a review InReview; this one is {State}.");
        }
        if (Decision is not null)
        {
            return Refusal.Conflict($"A decision ({Decision.Outcome}) is already proposed by {Decision.ProposedBy}; sign it, or reopen after it is taken.");
        }
        if (outcome == DecisionOutcome.ApproveWithConditions && conditions.Count == 0)
        {
            return Refusal.Invalid("conditions", "An approval with conditions lists at least one condition.");
        }
        if (outcome != DecisionOutcome.ApproveWithConditions && conditions.Count > 0)
        {
            return Refusal.Invalid("conditions", "Only an approval with conditions carries conditions.");
        }
        if (WhyNotSigner(approver, roles) is { } refused)
        {
            return refused;
        }
        Decision = new Decision
        {
            Outcome = outcome,
            Rationale = rationale,
            ProposedBy = approver,
            ProposedAt = now,
            ModelVersionId = ModelVersionId,
            Conditions = [.. conditions],
            RiskAcceptances = [.. acceptances],
        };
        Log(LogEntryKinds.Decision, approver, now, new { reviewId = Id, step = "proposed", outcome = outcome.ToString(), rationale, modelVersionId = ModelVersionId });
        return AddSignature(approver, roles, now);
    }

    public Refusal? Sign(string approver, IReadOnlyCollection<string> roles, DateTimeOffset now)
    {
        if (State != ReviewState.InReview || Decision is null)
        {
            return Refusal.IllegalTransition(State == ReviewState.InReview ? "No decision is proposed yet." : $"A {State} review takes no signatures.");
        }
        return WhyNotSigner(approver, roles) ?? AddSignature(approver, roles, now);
    }

    public Refusal? Close(string actor, DateTimeOffset now) => Move(ReviewState.Closed, actor, now, null);

    /// <summary>Reopens a decided review: the decision moves to the history and the review goes back to review.</summary>
    public Refusal? Reopen(string reason, string actor, DateTimeOffset now)
    {
        if (Move(ReviewState.Reopened, actor, now, reason) is { } refusal)
        {
            return refusal;
        }
        Log(LogEntryKinds.Reopen, actor, now, new { reviewId = Id, reason, previousOutcome = Decision?.Outcome.ToString() });
        _pastDecisions = [.. _pastDecisions, Decision!];
        Decision = null;
        RenewalDue = null;
        return null;
    }

    /// <summary>Records a new MRA revision (the revision itself is stored beside the review).</summary>
    public Refusal? ReviseMra(string actor, DateTimeOffset now)
    {
        if (State is ReviewState.Decided or ReviewState.Closed)
        {
            return Refusal.IllegalTransition($"The assessment of a {State} review is final; reopen the review to revise it.");
        }
        MraRevisions++;
        Changed(now);
        return null;
    }

    /// <summary>
    /// Opens the periodic revalidation this approval's renewal calls for, once: a draft review of the same version with
    /// the same requirements, and the <see cref="RevalidationDue"/> event. Null when none is due or it is already open.
    /// </summary>
    public Review? OpenRevalidation(DateOnly dueBy, DateTimeOffset now)
    {
        if (RenewalDue is not { } due || due > dueBy || RevalidationReviewId is not null || State is not (ReviewState.Decided or ReviewState.Closed))
        {
            return null;
        }
        var next = new Review
        {
            Id = NewId(), Revision = 1, Org = Org, ModelId = ModelId, ModelName = ModelName, ModelVersionId = ModelVersionId, ModelVersion = ModelVersion,
            Kind = ReviewKind.PeriodicRevalidation, State = ReviewState.Draft, Tier = Tier, PolicyVersion = PolicyVersion, TieringId = TieringId,
            RequiredEvidence = [.. RequiredEvidence], QuorumCount = QuorumCount, QuorumRoles = [.. QuorumRoles], RenewalMonths = RenewalMonths,
            ModelRegistrant = ModelRegistrant, VersionAuthors = [.. VersionAuthors], OwnerAtReview = OwnerAtReview,
            CreatedBy = "renewal-schedule", CreatedAt = now, UpdatedAt = now,
        };
        RevalidationReviewId = next.Id;
        Changed(now);
        Raise(new RevalidationDue(ModelId, Org, Id, next.Id, due, now));
        return next;
    }

    private Refusal? WhyNotSigner(string approver, IReadOnlyCollection<string> roles)
    {
        if (SeparationOfDuties.WhyNotApprover(approver, Facts) is { } conflict)
        {
            return Refusal.Forbidden(conflict);
        }
        var existing = Decision?.Signatures.Select(s => s.ToSignature()) ?? [];
        return Reviews.Quorum.WhyNotSigner(Quorum, existing, approver, roles) is { } reason
            ? (roles.Any(Quorum.Roles.Contains) ? Refusal.Conflict(reason) : Refusal.Forbidden(reason))
            : null;
    }

    private Refusal? AddSignature(string approver, IReadOnlyCollection<string> roles, DateTimeOffset now)
    {
        var decision = Decision!;
        decision.Signatures.Add(new DecisionSignature(approver, [.. roles.Order(StringComparer.Ordinal)], now));
        Log(LogEntryKinds.Signature, approver, now, new { reviewId = Id, outcome = decision.Outcome.ToString(), roles = roles.Order(StringComparer.Ordinal), modelVersionId = decision.ModelVersionId });
        if (Reviews.Quorum.IsMet(Quorum, decision.Signatures.Select(s => s.ToSignature())))
        {
            return Decide(approver, now);
        }
        Changed(now);
        return null;
    }

    private Refusal? Decide(string lastSigner, DateTimeOffset now)
    {
        if (Move(ReviewState.Decided, lastSigner, now, null) is { } refusal)
        {
            return refusal;
        }
        var decision = Decision!;
        decision.DecidedAt = now;
        RenewalDue = decision.Approves ? DateOnly.FromDateTime(now.UtcDateTime).AddMonths(RenewalMonths) : null;
        var approvers = decision.Signatures.Select(s => s.Approver).ToList();
        Log(LogEntryKinds.Decision, lastSigner, now, new
        {
            reviewId = Id, step = "taken", outcome = decision.Outcome.ToString(), rationale = decision.Rationale,
            modelVersionId = decision.ModelVersionId, approvers, renewalDue = RenewalDue?.ToString("O"),
        });
        Raise(new ReviewDecided(Id, ModelId, decision.ModelVersionId, Org, decision.Outcome.ToString(), decision.Rationale, approvers, RenewalDue, lastSigner, now));
        foreach (var condition in decision.Conditions)
        {
            Log(LogEntryKinds.Condition, lastSigner, now, new { reviewId = Id, conditionId = condition.Id, condition.Description, condition.Owner, dueDate = condition.DueDate.ToString("O"), condition.VerificationSteps });
            Raise(new ConditionOfApprovalSet(condition.Id, Id, ModelId, Org, condition.Description, condition.Owner, condition.DueDate, condition.VerificationSteps, now));
        }
        foreach (var acceptance in decision.RiskAcceptances)
        {
            Log(LogEntryKinds.RiskAcceptance, lastSigner, now, new { reviewId = Id, acceptanceId = acceptance.Id, acceptance.Description, acceptance.AccountableApprover, acceptance.CompensatingControls, expires = acceptance.Expires.ToString("O") });
            Raise(new RiskAccepted(acceptance.Id, Id, ModelId, Org, acceptance.Description, acceptance.AccountableApprover, acceptance.CompensatingControls, acceptance.Expires, now));
        }
        return null;
    }

    private Refusal? Move(ReviewState to, string actor, DateTimeOffset now, string? note)
    {
        if (ReviewLifecycle.WhyNot(State, to) is { } reason)
        {
            return Refusal.IllegalTransition(reason);
        }
        _transitions = [.. _transitions, new ReviewTransition(State, to, actor, now, note)];
        State = to;
        Changed(now);
        return null;
    }

    private void Changed(DateTimeOffset now)
    {
        UpdatedAt = now;
        Touch();
    }

    private void Log(string kind, string actor, DateTimeOffset now, object payload) => Log(new LogFact(Org, kind, Id, actor, now, payload));

}
