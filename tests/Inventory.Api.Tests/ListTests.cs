using System.Net;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceKit.Paging;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

[Collection(InventoryCollection.Name)]
public sealed class ListTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("list");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var page = await (await client.GetAsync($"{Api.Models}?org={_org}&limit=200&{query}")).ReadAsync<Page<ModelResponse>>();
        var ids = page.Items.Select(m => m.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        return ids;
    }

    /// <summary>The list is in id order; ids made in the same millisecond need not follow creation order.</summary>
    private static List<string> InIdOrder(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        var owner = Owner;
        var scorecard = await owner.RegisterModelAsync(_org, name: "Retail scorecard", owner: "alice", tags: ["retail", "pd"], description: "Probability of default");
        var fraud = await owner.RegisterModelAsync(_org, name: "Card fraud", owner: "bob", tags: ["fraud"], modelType: "AnomalyDetection");
        var pricing = await owner.RegisterModelAsync(_org, name: "Mortgage pricing", owner: "alice", tags: ["retail"], modelType: "Regression");

        await factory.TierAsync(fraud.Id, _org, "High");
        (await owner.TransitionAsync(pricing.Id, "InDevelopment", "\"1\"")).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal(InIdOrder(scorecard.Id, fraud.Id, pricing.Id), await IdsAsync(owner, ""));
        Assert.Equal(InIdOrder(fraud.Id), await IdsAsync(owner, "tier=High"));
        Assert.Equal(InIdOrder(scorecard.Id, pricing.Id), await IdsAsync(owner, "tier=Unassigned"));
        Assert.Equal(InIdOrder(pricing.Id), await IdsAsync(owner, "status=InDevelopment"));
        Assert.Equal(InIdOrder(scorecard.Id, fraud.Id), await IdsAsync(owner, "status=Proposed"));
        Assert.Equal(InIdOrder(scorecard.Id, pricing.Id), await IdsAsync(owner, "owner=alice"));
        Assert.Equal(InIdOrder(scorecard.Id, pricing.Id), await IdsAsync(owner, "tag=retail"));
        Assert.Equal(InIdOrder(scorecard.Id, pricing.Id), await IdsAsync(owner, "tag=RETAIL"));
        Assert.Equal(InIdOrder(scorecard.Id), await IdsAsync(owner, "tag=pd&owner=alice"));
        // q searches name, key and description.
        Assert.Equal(InIdOrder(fraud.Id), await IdsAsync(owner, "q=fraud"));
        Assert.Equal(InIdOrder(scorecard.Id), await IdsAsync(owner, "q=default"));
        Assert.Equal(InIdOrder(pricing.Id), await IdsAsync(owner, $"q={pricing.Key}"));
        Assert.Empty(await IdsAsync(owner, "q=nothing-like-this"));
        // Wildcards in q are literal.
        Assert.Empty(await IdsAsync(owner, "q=%25"));
        Assert.Empty(await IdsAsync(owner, "q=_"));
    }

    [Fact]
    public async Task Keyset_paging_walks_every_model_exactly_once()
    {
        var registered = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            registered.Add((await Owner.RegisterModelAsync(_org, name: $"Paged {i}")).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"{Api.Models}?org={_org}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await Owner.GetAsync(url)).ReadAsync<Page<ModelResponse>>();
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(m => m.Id));
            cursor = page.NextCursor;
            pages++;
            Assert.True(pages <= 10, "paging does not end");
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(registered.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task An_exact_last_page_has_no_next_cursor()
    {
        for (var i = 0; i < 2; i++)
        {
            await Owner.RegisterModelAsync(_org);
        }
        var page = await (await Owner.GetAsync($"{Api.Models}?org={_org}&limit=2")).ReadAsync<Page<ModelResponse>>();
        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=eDoxMjM", "cursor")] // base64url of "x:123": decodes, but is not a cursor this API issued
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1000", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("org=Not_A_Slug", "org")]
    [InlineData("tier=Extreme", "tier")]
    [InlineData("status=Deployed", "status")]
    [InlineData("limit=ten", "limit")]
    [InlineData("tier=17", "tier")]
    public async Task Bad_paging_or_filter_values_are_400_naming_the_field(string query, string field)
    {
        await (await Owner.GetAsync($"{Api.Models}?{query}")).ValidationProblemAsync(field);
    }
}
