using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Messaging.Outbox;

namespace ModelRisk.Assessment.Tests;

/// <summary>A published tiering policy tells Monitoring, through the outbox, which tiers must have a complete monitoring plan.</summary>
public sealed class PolicyPublicationTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>
{
    [Fact]
    public async Task Publishing_a_policy_publishes_the_tiers_whose_monitoring_it_makes_mandatory_and_a_refused_policy_publishes_nothing()
    {
        using var stream = typeof(AssessmentModule).Assembly.GetManifestResourceStream("tiering-policy.json")!;
        var policy = JsonNode.Parse(stream)!.AsObject();
        var version = "mon-" + Guid.NewGuid().ToString("N")[..8];
        policy["version"] = version;
        policy["requirements"]!["Low"]!["monitoringMandatory"] = true;
        policy["requirements"]!["Medium"]!["monitoringMandatory"] = false;

        using var admin = factory.As(People.Admin);
        using (var published = await admin.PostAsJsonAsync("/api/assessment/policies", policy))
        {
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }
        using (var again = await admin.PostAsJsonAsync("/api/assessment/policies", policy))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var bodies = await factory.QueryAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType == typeof(TieringPolicyPublished).FullName && m.Body.Contains(version)).Select(m => m.Body).ToListAsync());
        var @event = JsonSerializer.Deserialize<TieringPolicyPublished>(Assert.Single(bodies), JsonSerializerOptions.Web)!;
        Assert.Equal(version, @event.PolicyVersion);
        Assert.Equal(["Critical", "High", "Low"], @event.MonitoringMandatoryTiers);
        Assert.Equal("pat.admin", @event.Actor);
    }
}
