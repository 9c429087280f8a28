using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Tests.Unit;

public sealed class TieringScorerTests
{
    private static readonly TieringPolicy Policy = TieringPolicyLoader.Shipped();

    private static TieringAnswers Answers(params (string Factor, string[] Options)[] overrides)
    {
        var choices = new Dictionary<string, IReadOnlyList<string>>
        {
            ["customer-impact"] = ["internal-only"],
            ["decision-autonomy"] = ["advisory"],
            ["scale"] = ["under-1k"],
            ["data-sensitivity"] = ["none"],
            ["regulatory-exposure"] = ["none"],
            ["opacity"] = ["transparent"],
            ["genai-exposure"] = ["none"],
            ["third-party"] = ["in-house"],
        };
        foreach (var (factor, options) in overrides)
        {
            choices[factor] = options;
        }
        return new TieringAnswers(choices);
    }

    [Fact]
    public void The_shipped_policy_is_valid_and_versioned()
    {
        Assert.Equal("2026.1", Policy.Version);
        Assert.Equal(8, Policy.Factors.Count);
    }

    [Fact]
    public void An_internal_advisory_model_is_low_with_no_driver()
    {
        var outcome = TieringScorer.Score(Policy, Answers());

        Assert.Equal(RiskTier.Low, outcome.Tier);
        Assert.Equal(0, outcome.Score);
        Assert.Empty(outcome.Drivers);
        Assert.Contains("No answer added risk", outcome.Rationale, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, RiskTier.Low)]
    [InlineData(7, RiskTier.Medium)]
    [InlineData(13, RiskTier.Medium)]
    [InlineData(14, RiskTier.High)]
    [InlineData(21, RiskTier.High)]
    [InlineData(22, RiskTier.Critical)]
    public void Scores_map_to_bands_at_their_edges(int score, RiskTier expected)
    {
        var bandPolicy = Policy with
        {
            Factors = [new TieringFactor("points", "How many points?", false, [new FactorOption("n", "n", score)])],
            Floors = [],
        };

        var outcome = TieringScorer.Score(bandPolicy, new TieringAnswers(new Dictionary<string, IReadOnlyList<string>> { ["points"] = ["n"] }));

        Assert.Equal(expected, outcome.Tier);
    }

    [Fact]
    public void The_rationale_names_the_answers_that_drove_the_tier_highest_first()
    {
        var outcome = TieringScorer.Score(Policy, Answers(
            ("customer-impact", ["material"]), ("decision-autonomy", ["fully-automated"]), ("scale", ["100k-10m"]), ("opacity", ["explainable"])));

        Assert.Equal(15, outcome.Score);
        Assert.Equal(RiskTier.High, outcome.Tier);
        Assert.Equal("customer-impact = material (+6)", outcome.Drivers[0]);
        Assert.Equal("decision-autonomy = fully-automated (+5)", outcome.Drivers[1]);
        Assert.Contains("customer-impact = material", outcome.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Credit_scoring_is_at_least_high_whatever_the_score_and_the_floor_is_named()
    {
        var outcome = TieringScorer.Score(Policy, Answers(("regulatory-exposure", ["credit"])));

        Assert.Equal(RiskTier.Low, outcome.ScoredTier);
        Assert.Equal(RiskTier.High, outcome.Tier);
        Assert.Contains(outcome.Drivers, d => d.StartsWith("regulatory-exposure = credit: at least High", StringComparison.Ordinal));
        Assert.Contains("raised to High", outcome.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_floor_never_lowers_a_tier()
    {
        var outcome = TieringScorer.Score(Policy, Answers(
            ("customer-impact", ["material"]), ("decision-autonomy", ["fully-automated"]), ("scale", ["over-10m"]),
            ("data-sensitivity", ["special-category"]), ("opacity", ["opaque"])));

        Assert.Equal(RiskTier.Critical, outcome.Tier);
        Assert.DoesNotContain(outcome.Drivers, d => d.Contains("at least", StringComparison.Ordinal));
    }

    [Fact]
    public void Multiple_choice_answers_add_up_and_mark_genai_exposure()
    {
        var outcome = TieringScorer.Score(Policy, Answers(("genai-exposure", ["customer-facing-content", "private-retrieval"])));

        Assert.Equal(5, outcome.Score);
        Assert.True(outcome.HasGenAiExposure);
        Assert.Contains("red-team-results", TieringScorer.RequiredEvidence(Policy, RiskTier.Medium, outcome.HasGenAiExposure));
        Assert.DoesNotContain("red-team-results", TieringScorer.RequiredEvidence(Policy, RiskTier.Medium, false));
    }

    public static TheoryData<string, string[], string> BadAnswers() => new()
    {
        { "scale", [], "answers.scale" },
        { "scale", ["under-1k", "over-10m"], "answers.scale" },
        { "scale", ["a-billion"], "answers.scale" },
        { "genai-exposure", ["none", "tool-use"], "answers.genai-exposure" },
        { "genai-exposure", ["tool-use", "tool-use"], "answers.genai-exposure" },
        { "favourite-colour", ["blue"], "answers.favourite-colour" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public void Answers_the_policy_cannot_score_are_field_errors(string factor, string[] options, string field)
    {
        var errors = TieringScorer.Validate(Policy, Answers((factor, options)));

        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void A_missing_answer_is_a_field_error_that_lists_the_options()
    {
        var answers = Answers();
        var choices = answers.Choices.Where(c => c.Key != "opacity").ToDictionary();

        var errors = TieringScorer.Validate(Policy, new TieringAnswers(choices));

        Assert.Contains("transparent, explainable, opaque", Assert.Single(errors["answers.opacity"]), StringComparison.Ordinal);
    }
}
