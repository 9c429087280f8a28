using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.Inventory.Tests;

[Collection(InventoryCollection.Name)]
public sealed class RegisterTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("reg");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    [Fact]
    public async Task Registering_answers_201_with_location_etag_and_the_model()
    {
        var key = Api.NewKey("pd");
        var body = new Dictionary<string, object?>
        {
            ["org"] = _org,
            ["key"] = key,
            ["name"] = "Retail PD",
            ["owner"] = "alice@bank.test",
            ["modelType"] = "Classification",
            ["sourcing"] = "Vendor",
            ["vendorName"] = "Acme Analytics",
            ["tags"] = new[] { "Retail", "pd", "retail" },
            ["deploymentEndpoints"] = new[] { new { environment = "prod", url = "https://pd.bank.test/score", region = "eu-west" } },
            ["monitoringLinks"] = new[] { new { label = "Grafana", url = "https://grafana.bank.test/d/pd" } },
        };
        var response = await Owner.RegisterAsync(body);
        var model = await response.ReadAsync<ModelResponse>(HttpStatusCode.Created);

        Assert.Equal($"{Api.Models}/{model.Id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(_org, model.Org);
        Assert.Equal(key, model.Key);
        Assert.Equal("Retail PD", model.Name);
        Assert.Equal(Sourcing.Vendor, model.Sourcing);
        Assert.Equal("Acme Analytics", model.VendorName);
        Assert.Equal(["retail", "pd"], model.Tags);
        Assert.Equal(LifecycleStatus.Proposed, model.LifecycleStatus);
        Assert.Equal([LifecycleStatus.InDevelopment, LifecycleStatus.Retired], model.AllowedTransitions);
        Assert.Equal(RiskTier.Unassigned, model.RiskTier.Tier);
        Assert.Equal(new DeploymentEndpoint("prod", "https://pd.bank.test/score", "eu-west"), Assert.Single(model.DeploymentEndpoints));
        Assert.Equal($"owner-{_org}", model.CreatedBy);

        // What the Location names is what GET returns.
        var read = await (await Owner.GetAsync(response.Headers.Location)).ReadAsync<ModelResponse>();
        Assert.Equal(model.Id, read.Id);
        Assert.Equal(model.DeploymentEndpoints, read.DeploymentEndpoints);
        Assert.Equal(model.MonitoringLinks, read.MonitoringLinks);
    }

    [Fact]
    public async Task A_duplicate_org_and_key_is_409_with_the_existing_id()
    {
        var key = Api.NewKey();
        var first = await Owner.RegisterModelAsync(_org, key);
        var outboxBefore = await factory.OutboxCountAsync();

        var response = await Owner.RegisterAsync(Api.RegistrationBody(_org, key, name: "Another name"));
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
        Assert.Equal(first.Id, problem.GetProperty("existingId").GetString());
        Assert.Equal(1, await factory.ModelCountAsync(_org));
        Assert.Equal(outboxBefore, await factory.OutboxCountAsync());
    }

    [Fact]
    public async Task Two_simultaneous_registrations_of_one_key_create_one_model()
    {
        var key = Api.NewKey();
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Owner.RegisterAsync(Api.RegistrationBody(_org, key, name: $"Racer {i}"))));

        var statuses = responses.Select(r => r.StatusCode).Order().ToList();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict], statuses);
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
        }
        Assert.Equal(1, await factory.ModelCountAsync(_org));
        var model = await factory.QueryAsync(db => db.Models.SingleAsync(m => m.Org == _org));
        Assert.Single(await factory.OutboxRowsAsync<ModelRegistered>(model.Id));
    }

    [Fact]
    public async Task The_same_key_in_another_org_is_a_different_model()
    {
        var key = Api.NewKey();
        var otherOrg = Api.NewOrg("reg-other");
        var both = factory.ClientWithToken(TestIdentity.ModelOwner(_org, otherOrg));
        var a = await both.RegisterModelAsync(_org, key);
        var b = await both.RegisterModelAsync(otherOrg, key);
        Assert.NotEqual(a.Id, b.Id);
    }

    public static TheoryData<string, object> InvalidBodies()
    {
        var tooManyTags = Enumerable.Range(0, 51).Select(i => $"t{i}").ToArray();
        return new()
        {
            { "name", new { org = "ORG", key = "k", owner = "alice", modelType = "Classification" } },
            { "key", new { org = "ORG", key = "Bad Key!", name = "n", owner = "alice", modelType = "Classification" } },
            { "modelType", new { org = "ORG", key = "k", name = "n", owner = "alice", modelType = "NeuralMagic" } },
            { "tags", new { org = "ORG", key = "k", name = "n", owner = "alice", modelType = "Classification", tags = tooManyTags } },
            {
                "deploymentEndpoints[0].url",
                new { org = "ORG", key = "k", name = "n", owner = "alice", modelType = "Classification", deploymentEndpoints = new[] { new { environment = "prod", url = "ftp://score.bank.test" } } }
            },
            { "vendorName", new { org = "ORG", key = "k", name = "n", owner = "alice", modelType = "Classification", sourcing = "Vendor" } },
            { "restrictions", new { org = "ORG", key = "k", name = "n", owner = "alice", modelType = "Classification", restrictions = "not a list" } },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Bad_input_is_400_naming_the_field_and_writes_nothing(string field, object template)
    {
        // Fill in this test's org so that a wrongly accepted body would land where the test looks.
        var json = JsonSerializer.Serialize(template).Replace("\"ORG\"", $"\"{_org}\"", StringComparison.Ordinal);
        var outboxBefore = await factory.OutboxCountAsync();

        var response = await Owner.PostAsync(Api.Models, new StringContent(json, Encoding.UTF8, "application/json"));
        await response.ValidationProblemAsync(field);

        Assert.Equal(0, await factory.ModelCountAsync(_org));
        Assert.Equal(outboxBefore, await factory.OutboxCountAsync());
    }

    [Fact]
    public async Task A_number_that_names_no_model_type_is_400_and_writes_nothing()
    {
        var json = $"{{\"org\":\"{_org}\",\"key\":\"numeric\",\"name\":\"n\",\"owner\":\"o\",\"modelType\":42,\"sourcing\":7}}";
        var response = await Owner.PostAsync(Api.Models, new StringContent(json, Encoding.UTF8, "application/json"));
        await response.ValidationProblemAsync("modelType");
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task Malformed_json_is_400_and_writes_nothing()
    {
        // Cut off after "key": the problem names the property where the JSON broke.
        var response = await Owner.PostAsync(Api.Models, new StringContent($"{{\"org\":\"{_org}\",\"key\":", Encoding.UTF8, "application/json"));
        await response.ValidationProblemAsync("key");
        Assert.Equal(0, await factory.ModelCountAsync(_org));

        var notAnObject = await Owner.PostAsync(Api.Models, new StringContent("[1, 2]", Encoding.UTF8, "application/json"));
        await notAnObject.ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once()
    {
        var response = await Owner.RegisterAsync(new { org = _org, key = "-bad-", modelType = "Ranking", tags = new[] { "ok", "not ok" } });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, ApiProblems.ValidationType);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["key", "name", "owner", "tags[1]"], fields);
    }

    [Fact]
    public async Task An_outbox_row_is_written_only_with_a_model()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var row = Assert.Single(await factory.OutboxRowsAsync<ModelRegistered>(model.Id));
        var registered = row.Event<ModelRegistered>();
        Assert.Equal(model.Key, registered.Key);
        Assert.Equal(_org, registered.Org);
        Assert.Equal("Proposed", registered.LifecycleStatus);
        Assert.Equal(1, await factory.QueryAsync(db => db.Models.CountAsync(m => m.Id == model.Id)));
    }
}

/// <summary>The 1 MB body limit is Kestrel's, so this runs the service on a real Kestrel socket.</summary>
public sealed class RequestSizeLimitTests : IAsyncLifetime
{
    private readonly InventoryFactory _factory = new();

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        await _factory.InitializeAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_body_over_one_megabyte_is_413()
    {
        var org = Api.NewOrg("big");
        var client = _factory.ClientWithToken(TestIdentity.ModelOwner(org));
        var body = Api.RegistrationBody(org, Api.NewKey());
        body["description"] = new string('x', (int)InventoryModule.DefaultMaxRequestBodyBytes + 1);

        var response = await client.PostAsJsonAsync(Api.Models, body, Api.Json);
        // Minimal APIs turn Kestrel's refusal into a bare 413; the status-code page writes it with the platform's type.
        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, ApiProblems.PayloadTooLargeType);
        Assert.Equal(0, await _factory.ModelCountAsync(org));

        // Just under the limit the same request is judged on its content (the description is too long), not refused for size.
        body["description"] = new string('x', 5000);
        await (await client.PostAsJsonAsync(Api.Models, body, Api.Json)).ValidationProblemAsync("description");
    }
}
