using System.Net;
using System.Net.Http.Json;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceKit.Paging;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>Model owners and integrations are held to their orgs; a model of another org does not exist for them.</summary>
[Collection(InventoryCollection.Name)]
public sealed class OrgScopingTests(InventoryFactory factory)
{
    private readonly string _orgA = Api.NewOrg("scope-a");
    private readonly string _orgB = Api.NewOrg("scope-b");

    private async Task<(HttpClient OwnerA, ModelResponse ModelA, HttpClient OwnerB, ModelResponse ModelB)> TwoOrgsAsync()
    {
        var ownerA = factory.ClientWithToken(TestIdentity.ModelOwner(_orgA));
        var ownerB = factory.ClientWithToken(TestIdentity.ModelOwner(_orgB));
        return (ownerA, await ownerA.RegisterModelAsync(_orgA), ownerB, await ownerB.RegisterModelAsync(_orgB));
    }

    [Fact]
    public async Task An_owner_cannot_read_or_list_another_orgs_model()
    {
        var (ownerA, modelA, _, modelB) = await TwoOrgsAsync();

        await (await ownerA.GetAsync($"{Api.Models}/{modelB.Id}")).ProblemAsync(HttpStatusCode.NotFound, ModelRisk.ServiceDefaults.ApiProblems.NotFoundType);
        await (await ownerA.GetAsync($"{Api.Models}/{modelB.Id}/versions")).ProblemAsync(HttpStatusCode.NotFound);
        (await ownerA.GetAsync($"{Api.Models}/{modelA.Id}")).EnsureStatus(HttpStatusCode.OK);

        var all = await (await ownerA.GetAsync($"{Api.Models}?limit=200")).ReadAsync<Page<ModelResponse>>();
        Assert.Contains(all.Items, m => m.Id == modelA.Id);
        Assert.DoesNotContain(all.Items, m => m.Org != _orgA);

        var filtered = await (await ownerA.GetAsync($"{Api.Models}?org={_orgB}")).ReadAsync<Page<ModelResponse>>();
        Assert.Empty(filtered.Items);
    }

    [Fact]
    public async Task An_owner_cannot_change_another_orgs_model()
    {
        var (ownerA, _, ownerB, modelB) = await TwoOrgsAsync();
        var outboxBefore = await factory.OutboxRowsAsync<Contracts.Inventory.V1.ModelUpdated>(modelB.Id);

        await (await ownerA.PatchAsync(modelB.Id, new { name = "Hijacked" }, "*")).ProblemAsync(HttpStatusCode.NotFound);
        await (await ownerA.TransitionAsync(modelB.Id, "InDevelopment", "*")).ProblemAsync(HttpStatusCode.NotFound);
        await (await ownerA.AddVersionAsync(modelB.Id, "9.9.9")).ProblemAsync(HttpStatusCode.NotFound);

        var unchanged = await (await ownerB.GetAsync($"{Api.Models}/{modelB.Id}")).ReadAsync<ModelResponse>();
        Assert.Equal(modelB.Name, unchanged.Name);
        Assert.Equal(Models.LifecycleStatus.Proposed, unchanged.LifecycleStatus);
        Assert.Equal(1, unchanged.Revision);
        Assert.Empty(await (await ownerB.GetAsync($"{Api.Models}/{modelB.Id}/versions")).ReadAsync<List<VersionResponse>>());
        Assert.Equal(outboxBefore.Count, (await factory.OutboxRowsAsync<Contracts.Inventory.V1.ModelUpdated>(modelB.Id)).Count);
    }

    [Fact]
    public async Task An_owner_cannot_export_another_orgs_models()
    {
        var (ownerA, modelA, _, modelB) = await TwoOrgsAsync();
        var own = await ownerA.GetStringAsync($"{Api.Models}/export?format=jsonl&org={_orgA}");
        Assert.Contains(modelA.Id, own);

        var other = await ownerA.GetStringAsync($"{Api.Models}/export?format=jsonl&org={_orgB}");
        Assert.DoesNotContain(modelB.Id, other);
        Assert.Equal("", other.Trim());
    }

    [Fact]
    public async Task An_owner_cannot_register_into_another_org()
    {
        var ownerA = factory.ClientWithToken(TestIdentity.ModelOwner(_orgA));
        var response = await ownerA.RegisterAsync(Api.RegistrationBody(_orgB, Api.NewKey()));
        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden, ModelRisk.ServiceDefaults.ApiProblems.ForbiddenType);
        Assert.Contains(_orgA, problem.GetProperty("detail").GetString());
        Assert.Equal(0, await factory.ModelCountAsync(_orgB));
    }

    [Fact]
    public async Task An_owner_without_an_org_claim_sees_nothing()
    {
        await TwoOrgsAsync();
        var orgless = factory.ClientWithToken(TestIdentity.ModelOwner());
        var page = await (await orgless.GetAsync($"{Api.Models}?limit=200")).ReadAsync<Page<ModelResponse>>();
        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task An_owner_of_two_orgs_sees_both()
    {
        var (_, modelA, _, modelB) = await TwoOrgsAsync();
        var both = factory.ClientWithToken(TestIdentity.ModelOwner(_orgA, _orgB));
        (await both.GetAsync($"{Api.Models}/{modelA.Id}")).EnsureStatus(HttpStatusCode.OK);
        (await both.GetAsync($"{Api.Models}/{modelB.Id}")).EnsureStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_risk_analyst_and_an_auditor_see_every_org()
    {
        var (_, modelA, _, modelB) = await TwoOrgsAsync();
        foreach (var token in new[] { TestIdentity.RiskAnalyst(), TestIdentity.Auditor() })
        {
            var client = factory.ClientWithToken(token);
            (await client.GetAsync($"{Api.Models}/{modelA.Id}")).EnsureStatus(HttpStatusCode.OK);
            (await client.GetAsync($"{Api.Models}/{modelB.Id}")).EnsureStatus(HttpStatusCode.OK);
            var listA = await (await client.GetAsync($"{Api.Models}?org={_orgA}")).ReadAsync<Page<ModelResponse>>();
            var listB = await (await client.GetAsync($"{Api.Models}?org={_orgB}")).ReadAsync<Page<ModelResponse>>();
            Assert.Equal([modelA.Id], listA.Items.Select(m => m.Id));
            Assert.Equal([modelB.Id], listB.Items.Select(m => m.Id));
            var export = await client.GetStringAsync($"{Api.Models}/export?format=jsonl&q={modelB.Key}");
            Assert.Contains(modelB.Id, export);
        }
    }

    [Fact]
    public async Task An_integration_is_held_to_its_org()
    {
        var (_, modelA, _, modelB) = await TwoOrgsAsync();
        var integration = factory.ClientWithToken(TestIdentity.Integration(_orgA));

        (await integration.GetAsync($"{Api.Models}/{modelA.Id}")).EnsureStatus(HttpStatusCode.OK);
        await (await integration.GetAsync($"{Api.Models}/{modelB.Id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await integration.RegisterAsync(Api.RegistrationBody(_orgB, Api.NewKey()))).ProblemAsync(HttpStatusCode.Forbidden);

        var created = await integration.RegisterModelAsync(_orgA);
        Assert.Equal("service-account-ci", created.CreatedBy);
        var page = await (await integration.GetAsync($"{Api.Models}?limit=200")).ReadAsync<Page<ModelResponse>>();
        Assert.All(page.Items, m => Assert.Equal(_orgA, m.Org));
    }
}
