using ModelRisk.Assessment.Models.Log;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.DecisionLog;
using ModelRisk.ServiceKit.Domain;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>
/// One tiering of a model: the questionnaire's answers, what the policy version in force made of them, and a risk
/// analyst's override if there is one. The effective tier reaches Inventory through <see cref="ModelTiered"/>.
/// </summary>
public sealed class ModelTiering : LoggedAggregate, IOrgOwned
{

    private ModelTiering()
    {
    }

    public string Org { get; private set; } = "";
    public string ModelId { get; private set; } = "";
    public string PolicyVersion { get; private set; } = "";

    /// <summary>The answers as canonical JSON (factor id → chosen option ids).</summary>
    public string Answers { get; private set; } = "{}";
    public int Score { get; private set; }
    public RiskTier ScoredTier { get; private set; }
    public RiskTier PolicyTier { get; private set; }
    public string Rationale { get; private set; } = "";
    public List<string> Drivers { get; private set; } = [];
    public bool HasGenAiExposure { get; private set; }

    /// <summary>In scope of the EU AI Act high-risk rules (an Annex III, credit, employment or health use).</summary>
    public bool EuHighRiskUse { get; private set; }
    public RiskTier? OverrideTier { get; private set; }
    public string? OverrideJustification { get; private set; }
    public string? OverriddenBy { get; private set; }
    public DateTimeOffset? OverriddenAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public RiskTier Tier => OverrideTier ?? PolicyTier;

    private static readonly string[] EuHighRiskOptions = ["credit", "employment", "health", "eu-ai-act-annex-iii"];

    public static ModelTiering Create(string org, string modelId, TieringPolicy policy, TieringAnswers answers, string actor, DateTimeOffset now)
    {
        var outcome = TieringScorer.Score(policy, answers);
        var tiering = new ModelTiering
        {
            Id = NewId(),
            Revision = 1,
            Org = org,
            ModelId = modelId,
            PolicyVersion = policy.Version,
            Answers = DecisionLog.CanonicalJson.From(answers.Choices),
            Score = outcome.Score,
            ScoredTier = outcome.ScoredTier,
            PolicyTier = outcome.Tier,
            Rationale = outcome.Rationale,
            Drivers = [.. outcome.Drivers],
            HasGenAiExposure = outcome.HasGenAiExposure,
            EuHighRiskUse = answers.Choices.TryGetValue("regulatory-exposure", out var uses) && uses.Any(EuHighRiskOptions.Contains),
            CreatedBy = actor,
            CreatedAt = now,
        };
        tiering.Publish(actor, now, overridden: false, outcome.Rationale);
        tiering.Log(new LogFact(org, LogEntryKinds.Tiering, modelId, actor, now,
            new { tieringId = tiering.Id, policyVersion = policy.Version, answers = answers.Choices, score = outcome.Score, tier = outcome.Tier.ToString(), rationale = outcome.Rationale }));
        return tiering;
    }

    /// <summary>A risk analyst sets the tier against the policy's result; the justification is required and logged.</summary>
    public Refusal? Override(RiskTier tier, string justification, string actor, DateTimeOffset now)
    {
        if (tier == Tier)
        {
            return Refusal.Conflict($"The tier is already {tier}.");
        }
        var from = Tier;
        OverrideTier = tier;
        OverrideJustification = justification;
        OverriddenBy = actor;
        OverriddenAt = now;
        Touch();
        Publish(actor, now, overridden: true, justification);
        Log(new LogFact(Org, LogEntryKinds.TierOverride, ModelId, actor, now,
            new { tieringId = Id, from = from.ToString(), to = tier.ToString(), policyTier = PolicyTier.ToString(), justification }));
        return null;
    }

    private void Publish(string actor, DateTimeOffset now, bool overridden, string rationale) =>
        Raise(new ModelTiered(Id, ModelId, Org, Tier.ToString(), PolicyVersion, overridden, rationale, actor, now));

}
