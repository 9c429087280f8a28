using System.Net;
using System.Text;
using ModelRisk.Inventory.Features.Import;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceDefaults;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests.Import;

/// <summary>A service of its own that runs one import at a time.</summary>
public sealed class ImportConcurrencyTests : IAsyncLifetime
{
    private readonly InventoryFactory _factory = InventoryFactory.With(new Dictionary<string, string?>
    {
        ["Inventory:Import:MaxConcurrentImports"] = "1",
        ["Inventory:Import:RetryAfterSeconds"] = "7",
    });

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_import_beyond_the_limit_is_429_with_retry_after_and_the_next_one_runs_once_a_slot_is_free()
    {
        var org = Api.NewOrg("busy");
        // No redirect handler: it would wait for the whole body before sending any of it.
        var client = _factory.CreateClient(new() { AllowAutoRedirect = false }).WithToken(TestIdentity.ModelOwner(org));
        var small = $"org,key,name,owner,modelType\n{org},small,Small,alice,Ranking\n";
        var heldBody = $"org,key,name,owner,modelType\n{org},held,Held,alice,Ranking\n";
        HeldContent? held = null;
        Task<HttpResponseMessage>? running = null;

        HttpResponseMessage? refused = null;
        await Wait.UntilAsync(async () =>
        {
            // The held import may lose the race for the slot to a small one; then it is refused, and sent again.
            if (running is null || running.IsCompleted)
            {
                Assert.True(running is null || (await running).StatusCode == HttpStatusCode.TooManyRequests);
                held = new HeldContent(heldBody);
                running = client.PostAsync($"{Api.Models}/import", held);
            }
            var response = await client.PostAsync($"{Api.Models}/import?dryRun=true", new StringContent(small, Encoding.UTF8, "text/csv"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                return true;
            }
            response.EnsureStatus(HttpStatusCode.OK);
            return false;
        }, "an import is refused while another is running");

        await refused!.ProblemAsync(HttpStatusCode.TooManyRequests, ApiProblems.RateLimitedType);
        Assert.Equal(TimeSpan.FromSeconds(7), refused!.Headers.RetryAfter?.Delta);

        held!.Release();
        var report = await (await running!).ReadAsync<ImportReport>();
        Assert.Equal(1, report.Created);
        var next = await (await client.PostAsync($"{Api.Models}/import", new StringContent(small, Encoding.UTF8, "text/csv"))).ReadAsync<ImportReport>();
        Assert.Equal(1, next.Created);
    }
}
