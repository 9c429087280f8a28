using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelRisk.Assessment.Models.Tiering;

/// <summary>
/// Reads a tiering policy from JSON and refuses one that could not tier every model consistently: every policy
/// version a platform admin publishes passes the same checks as the shipped file.
/// </summary>
public static class TieringPolicyLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly string[] ValidationPlans = ["low", "medium", "high", "critical"];

    /// <summary>The policy shipped with the service (version 2026.1), reviewed like code.</summary>
    public static TieringPolicy Shipped()
    {
        using var stream = typeof(TieringPolicyLoader).Assembly.GetManifestResourceStream("tiering-policy.json")
            ?? throw new InvalidOperationException("The shipped tiering policy is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var (policy, errors) = Parse(reader.ReadToEnd());
        return policy ?? throw new InvalidOperationException("The shipped tiering policy is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)));
    }

    /// <summary>The policy, or the field errors that make it unusable.</summary>
    public static (TieringPolicy? Policy, Dictionary<string, string[]> Errors) Parse(string json)
    {
        TieringPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<TieringPolicy>(json, Options);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "policy" : e.Path.TrimStart('$', '.');
            return (null, new() { [where] = [$"Not a valid tiering policy here: {Plain(e)}"] });
        }
        if (policy is null)
        {
            return (null, new() { ["policy"] = ["The policy is empty."] });
        }
        var errors = Check(policy);
        return errors.Count == 0 ? (policy, errors) : (null, errors);
    }

    private static string Plain(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "an unknown member." :
        e.Message.Contains("missing required", StringComparison.Ordinal) ? "a required member is missing." :
        "a value has the wrong type or form.";

    private static Dictionary<string, string[]> Check(TieringPolicy policy)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string reason) => errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, reason] : [reason];

        // The version is a URL path segment and a log entry's subject: letters, digits, '.', '-' and '_' only.
        if (string.IsNullOrWhiteSpace(policy.Version) || policy.Version.Length > 32
            || !policy.Version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            Add("version", "A version of 1 to 32 characters (letters, digits, '.', '-', '_') is required.");
        }
        if (policy.Factors is not { Count: > 0 })
        {
            Add("factors", "At least one factor is required.");
        }
        else
        {
            foreach (var duplicate in policy.Factors.GroupBy(f => f.Id).Where(g => g.Count() > 1))
            {
                Add("factors", $"Factor '{duplicate.Key}' appears twice.");
            }
            for (var i = 0; i < policy.Factors.Count; i++)
            {
                var factor = policy.Factors[i];
                if (string.IsNullOrWhiteSpace(factor.Id) || string.IsNullOrWhiteSpace(factor.Question) || factor.Options is not { Count: > 0 })
                {
                    Add($"factors[{i}]", "A factor needs an id, a question and at least one option.");
                    continue;
                }
                if (factor.Options.GroupBy(o => o.Id).Any(g => g.Count() > 1))
                {
                    Add($"factors[{i}].options", "Option ids must be unique within a factor.");
                }
                if (factor.Options.Any(o => o.Score < 0 || o.Score > 100))
                {
                    Add($"factors[{i}].options", "Scores are whole numbers from 0 to 100.");
                }
            }
        }
        var bands = policy.Bands ?? [];
        if (bands.Select(b => b.Tier).Distinct().Count() != Enum.GetValues<RiskTier>().Length || bands.Count != Enum.GetValues<RiskTier>().Length)
        {
            Add("bands", "Give exactly one band per tier (Low, Medium, High, Critical).");
        }
        else if (!bands.OrderBy(b => b.Tier).Select(b => b.MinScore).SequenceEqual(bands.Select(b => b.MinScore).Order()) || bands.Min(b => b.MinScore) != 0
            || bands.Select(b => b.MinScore).Distinct().Count() != bands.Count)
        {
            Add("bands", "Minimum scores start at 0 for Low and rise strictly with the tier.");
        }
        foreach (var (floor, i) in (policy.Floors ?? []).Select((f, i) => (f, i)))
        {
            var factor = policy.Factors?.FirstOrDefault(f => f.Id == floor.Factor);
            if (factor is null || factor.Options.All(o => o.Id != floor.Option))
            {
                Add($"floors[{i}]", $"'{floor.Factor}' = '{floor.Option}' is not a factor and option of this policy.");
            }
        }
        foreach (var tier in Enum.GetValues<RiskTier>())
        {
            if (policy.Requirements is null || !policy.Requirements.TryGetValue(tier, out var requirements))
            {
                Add($"requirements.{tier}", "Every tier needs its requirements.");
                continue;
            }
            if (!ValidationPlans.Contains(requirements.ValidationPlan))
            {
                Add($"requirements.{tier}.validationPlan", $"Choose one of the engine's plans: {string.Join(", ", ValidationPlans)}.");
            }
            if (requirements.Approvals is not { Count: >= 1 and <= 10, Roles.Count: > 0 })
            {
                Add($"requirements.{tier}.approvals", "From 1 to 10 approvers of at least one role.");
            }
            if (requirements.RenewalMonths is < 1 or > 120)
            {
                Add($"requirements.{tier}.renewalMonths", "From 1 to 120 months.");
            }
            if (requirements.IntakeEvidence is null || requirements.GenAiEvidence is null)
            {
                Add($"requirements.{tier}", "List the intake evidence and the GenAI evidence (either may be empty).");
            }
        }
        return errors;
    }
}
