using System.Text.Json.Nodes;
using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Tests.Unit;

public sealed class TieringPolicyLoaderTests
{
    private static JsonObject ShippedJson()
    {
        using var stream = typeof(TieringPolicyLoader).Assembly.GetManifestResourceStream("tiering-policy.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    public static TheoryData<string, string> Breakages() => new()
    {
        { "bands", """[{"tier":"Low","minScore":0},{"tier":"Medium","minScore":7},{"tier":"High","minScore":14}]""" },
        { "bands", """[{"tier":"Low","minScore":0},{"tier":"Medium","minScore":15},{"tier":"High","minScore":14},{"tier":"Critical","minScore":22}]""" },
        { "bands", """[{"tier":"Low","minScore":3},{"tier":"Medium","minScore":7},{"tier":"High","minScore":14},{"tier":"Critical","minScore":22}]""" },
        { "floors", """[{"factor":"scale","option":"a-billion","atLeast":"High","reason":"r"}]""" },
        { "version", "\"\"" },
        // The version is a path segment (GET /policies/{version}) and the subject of log entries: no control characters, no slash.
        { "version", "\"2026.2\\u0000\\u001b[2J\"" },
        { "version", "\"2026/2\"" },
        { "factors", "[]" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_policy_that_cannot_tier_consistently_is_refused_naming_the_field(string member, string json)
    {
        var policy = ShippedJson();
        policy[member] = JsonNode.Parse(json);

        var (parsed, errors) = TieringPolicyLoader.Parse(policy.ToJsonString());

        Assert.Null(parsed);
        Assert.Contains(errors.Keys, k => k.StartsWith(member, StringComparison.Ordinal));
    }

    [Fact]
    public void Requirements_are_checked_per_tier()
    {
        var policy = ShippedJson();
        policy["requirements"]!["High"]!["validationPlan"] = "extreme";
        policy["requirements"]!["Critical"]!["approvals"]!["count"] = 0;
        policy["requirements"]!.AsObject().Remove("Low");

        var (_, errors) = TieringPolicyLoader.Parse(policy.ToJsonString());

        Assert.Contains("requirements.High.validationPlan", errors.Keys);
        Assert.Contains("requirements.Critical.approvals", errors.Keys);
        Assert.Contains("requirements.Low", errors.Keys);
    }

    [Theory]
    [InlineData("""{"version":"x","unknown":1}""")]
    [InlineData("""{"version":5}""")]
    [InlineData("not json")]
    public void Malformed_policies_are_refused_without_internal_type_names(string json)
    {
        var (parsed, errors) = TieringPolicyLoader.Parse(json);

        Assert.Null(parsed);
        Assert.DoesNotContain(errors.Values.SelectMany(v => v), m => m.Contains("System.", StringComparison.Ordinal));
    }
}
