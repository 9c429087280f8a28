using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests;

/// <summary>
/// The service validates every token itself (no service trusts the network): each token of the shared invalid list,
/// the one without an expiry among them, is 401 on a read and on a write, and the write tiers nothing.
/// </summary>
public sealed class TokenValidationTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>
{
    [Theory]
    [MemberData(nameof(TestIdentity.InvalidTokenData), MemberType = typeof(TestIdentity))]
    public async Task An_invalid_token_is_401_and_tiers_nothing(string why, string token)
    {
        var model = factory.Inventory.Add("tokens-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = factory.As(token);

        var read = await client.GetAsync("/api/assessment/tierings");
        var write = await client.PostAsJsonAsync("/api/assessment/tierings", new { modelId = model.Id, answers = ReviewFlow.HighRiskAnswers });

        Assert.True(read.StatusCode == HttpStatusCode.Unauthorized, $"{why}: GET gave {(int)read.StatusCode}");
        Assert.True(write.StatusCode == HttpStatusCode.Unauthorized, $"{why}: POST gave {(int)write.StatusCode}");
        Assert.Equal(0, await factory.QueryAsync(db => db.Tierings.CountAsync(t => t.ModelId == model.Id)));
    }
}
