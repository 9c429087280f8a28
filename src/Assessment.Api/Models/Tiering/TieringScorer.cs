namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>Scores answers against a policy: the sum of the chosen options' scores picks a band, and floors raise it.</summary>
public static class TieringScorer
{
    private const string NoGenAi = "none";

    /// <summary>Field errors (factor id → reasons) for answers the policy cannot score; empty when they are complete and valid.</summary>
    public static Dictionary<string, string[]> Validate(TieringPolicy policy, TieringAnswers answers)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var factors = policy.Factors.ToDictionary(f => f.Id, StringComparer.Ordinal);
        foreach (var factor in policy.Factors)
        {
            var key = $"answers.{factor.Id}";
            if (!answers.Choices.TryGetValue(factor.Id, out var chosen) || chosen.Count == 0)
            {
                errors[key] = [$"Answer '{factor.Question}' with one of: {string.Join(", ", factor.Options.Select(o => o.Id))}."];
                continue;
            }
            if (!factor.Multiple && chosen.Count > 1)
            {
                errors[key] = ["Choose exactly one option."];
                continue;
            }
            var unknown = chosen.Where(c => factor.Options.All(o => o.Id != c)).ToList();
            if (unknown.Count > 0)
            {
                errors[key] = [$"Unknown option(s) {string.Join(", ", unknown.Select(u => $"'{Shorten(u)}'"))}; choose from: {string.Join(", ", factor.Options.Select(o => o.Id))}."];
            }
            else if (chosen.Distinct(StringComparer.Ordinal).Count() != chosen.Count)
            {
                errors[key] = ["An option is chosen twice."];
            }
            else if (factor.Multiple && chosen.Count > 1 && chosen.Contains(NoGenAi))
            {
                errors[key] = ["'none' cannot be combined with other options."];
            }
        }
        foreach (var factorId in answers.Choices.Keys.Where(k => !factors.ContainsKey(k)))
        {
            errors[$"answers.{Shorten(factorId)}"] = [$"Policy {policy.Version} has no such question."];
        }
        return errors;
    }

    /// <summary>The tier for valid answers (<see cref="Validate"/> first).</summary>
    public static TieringOutcome Score(TieringPolicy policy, TieringAnswers answers)
    {
        var contributions = new List<(int Score, string Text)>();
        var total = 0;
        foreach (var factor in policy.Factors)
        {
            foreach (var optionId in answers.Choices[factor.Id])
            {
                var option = factor.Options.First(o => o.Id == optionId);
                total += option.Score;
                if (option.Score > 0)
                {
                    contributions.Add((option.Score, $"{factor.Id} = {option.Id} (+{option.Score})"));
                }
            }
        }
        var scored = policy.Bands.Where(b => b.MinScore <= total).MaxBy(b => b.MinScore)?.Tier ?? RiskTier.Low;
        var tier = scored;
        var floorReasons = new List<string>();
        foreach (var floor in policy.Floors)
        {
            if (answers.Choices.TryGetValue(floor.Factor, out var chosen) && chosen.Contains(floor.Option) && floor.AtLeast > scored)
            {
                floorReasons.Add($"{floor.Factor} = {floor.Option}: at least {floor.AtLeast}. {floor.Reason}");
                if (floor.AtLeast > tier)
                {
                    tier = floor.AtLeast;
                }
            }
        }
        var drivers = contributions.OrderByDescending(c => c.Score).Select(c => c.Text).Concat(floorReasons).ToList();
        var rationale = $"Score {total} under policy {policy.Version} is {scored}"
            + (tier != scored ? $", raised to {tier} by {string.Join("; ", floorReasons)}" : "")
            + (contributions.Count > 0 ? $". Driven by: {string.Join(", ", contributions.OrderByDescending(c => c.Score).Take(4).Select(c => c.Text))}." : ". No answer added risk.");
        var genAi = answers.Choices.TryGetValue("genai-exposure", out var exposures) && exposures.Any(e => e != NoGenAi);
        return new TieringOutcome(policy.Version, tier, scored, total, drivers, rationale, genAi);
    }

    /// <summary>The intake evidence a model at this tier must reference: the tier's list, plus the GenAI list when it applies.</summary>
    public static IReadOnlyList<string> RequiredEvidence(TieringPolicy policy, RiskTier tier, bool hasGenAiExposure)
    {
        var requirements = policy.Requirements[tier];
        return hasGenAiExposure ? [.. requirements.IntakeEvidence.Concat(requirements.GenAiEvidence).Distinct(StringComparer.Ordinal)] : requirements.IntakeEvidence;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
