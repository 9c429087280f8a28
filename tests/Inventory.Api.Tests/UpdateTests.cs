using System.Net;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.Inventory.Tests;

/// <summary>Optimistic concurrency: every edit names the revision it was based on.</summary>
[Collection(InventoryCollection.Name)]
public sealed class UpdateTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("upd");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private async Task<(ModelResponse Model, string ETag)> ReadAsync(string id)
    {
        var response = await Owner.GetAsync($"{Api.Models}/{id}");
        return (await response.ReadAsync<ModelResponse>(), response.ETag());
    }

    [Fact]
    public async Task Get_returns_the_revision_as_etag()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var (read, etag) = await ReadAsync(model.Id);
        Assert.Equal($"\"{read.Revision}\"", etag);
    }

    [Fact]
    public async Task Patch_without_if_match_is_428_and_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var response = await Owner.PatchAsync(model.Id, new { name = "Renamed" }, ifMatch: null);
        await response.ProblemAsync(HttpStatusCode.PreconditionRequired, ApiProblems.PreconditionRequiredType);
        Assert.Equal(model.Name, (await ReadAsync(model.Id)).Model.Name);
    }

    [Fact]
    public async Task Patch_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var (_, first) = await ReadAsync(model.Id);
        (await Owner.PatchAsync(model.Id, new { description = "First edit" }, first)).EnsureStatus(HttpStatusCode.OK);

        var response = await Owner.PatchAsync(model.Id, new { name = "Lost update" }, first);
        var problem = await response.ProblemAsync(HttpStatusCode.PreconditionFailed, ApiProblems.PreconditionFailedType);
        Assert.Equal("\"2\"", problem.GetProperty("currentETag").GetString());

        var (after, etag) = await ReadAsync(model.Id);
        Assert.Equal(model.Name, after.Name);
        Assert.Equal("First edit", after.Description);
        Assert.Equal("\"2\"", etag);
        Assert.Single(await factory.OutboxRowsAsync<ModelUpdated>(model.Id));
    }

    [Fact]
    public async Task Patch_with_the_current_etag_changes_the_model_and_records_the_changed_fields()
    {
        var model = await Owner.RegisterModelAsync(_org, tags: ["retail"]);
        var (_, etag) = await ReadAsync(model.Id);

        var response = await Owner.PatchAsync(model.Id, new { name = "Renamed", tags = new[] { "retail", "pd" }, owner = model.Owner }, etag);
        var updated = await response.ReadAsync<ModelResponse>();

        Assert.Equal("\"2\"", response.ETag());
        Assert.Equal(2, updated.Revision);
        Assert.Equal("Renamed", updated.Name);
        Assert.Equal(["retail", "pd"], updated.Tags);
        Assert.Equal(model.Description, updated.Description);
        Assert.Equal(model.ModelType, updated.ModelType);

        var row = Assert.Single(await factory.OutboxRowsAsync<ModelUpdated>(model.Id));
        var evt = row.Event<ModelUpdated>();
        Assert.Equal(["name", "tags"], evt.ChangedFields);
        Assert.Equal(2, evt.Revision);
        Assert.Equal($"owner-{_org}", evt.Actor);
    }

    [Fact]
    public async Task Patch_clears_an_optional_text_sent_empty_and_keeps_one_left_out()
    {
        var model = await Owner.RegisterModelAsync(_org, description: "To be cleared", tags: ["retail"]);
        var (_, etag) = await ReadAsync(model.Id);

        var cleared = await (await Owner.PatchAsync(model.Id, new { description = "", tags = Array.Empty<string>() }, etag)).ReadAsync<ModelResponse>();

        Assert.Null(cleared.Description);
        Assert.Empty(cleared.Tags);
        Assert.Equal(model.Name, cleared.Name);
        Assert.Equal(["description", "tags"], Assert.Single(await factory.OutboxRowsAsync<ModelUpdated>(model.Id)).Event<ModelUpdated>().ChangedFields);
    }

    [Fact]
    public async Task Patch_that_changes_nothing_keeps_the_etag_and_emits_no_event()
    {
        var model = await Owner.RegisterModelAsync(_org, tags: ["retail"]);
        var (_, etag) = await ReadAsync(model.Id);

        var response = await Owner.PatchAsync(model.Id, new { name = model.Name, tags = new[] { "RETAIL" } }, etag);
        var same = await response.ReadAsync<ModelResponse>();

        Assert.Equal(etag, response.ETag());
        Assert.Equal(model.Revision, same.Revision);
        Assert.Equal(model.UpdatedAt, same.UpdatedAt);
        Assert.Empty(await factory.OutboxRowsAsync<ModelUpdated>(model.Id));
    }

    [Fact]
    public async Task Patch_with_invalid_values_is_400_and_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var response = await Owner.PatchAsync(model.Id, new { name = "", monitoringLinks = new[] { new { label = "x", url = "javascript:alert(1)" } } }, "\"1\"");
        await response.ValidationProblemAsync("monitoringLinks[0].url");
        var (after, etag) = await ReadAsync(model.Id);
        Assert.Equal("\"1\"", etag);
        Assert.Empty(after.MonitoringLinks);
    }

    [Fact]
    public async Task Two_edits_based_on_the_same_revision_never_both_win()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var first = Owner;
        var second = Owner;

        // Whatever the interleaving, the If-Match check or the concurrency token stops the second writer.
        var responses = await Task.WhenAll(
            first.PatchAsync(model.Id, new { name = "Edit A" }, "\"1\""),
            second.PatchAsync(model.Id, new { name = "Edit B" }, "\"1\""));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<ModelResponse>();
        var (after, etag) = await ReadAsync(model.Id);
        Assert.Equal(winner.Name, after.Name);
        Assert.Equal("\"2\"", etag);
        Assert.Single(await factory.OutboxRowsAsync<ModelUpdated>(model.Id));
    }

    [Fact]
    public async Task An_edit_overtaken_between_read_and_save_is_412_and_saves_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        factory.ConcurrentWriter.ChangeNextSave(model.Id);

        // If-Match matched when checked; the revision then moved before the save, and the concurrency token catches it.
        var response = await Owner.PatchAsync(model.Id, new { name = "Overtaken" }, "\"1\"");
        await response.ProblemAsync(HttpStatusCode.PreconditionFailed, ApiProblems.PreconditionFailedType);

        var (after, etag) = await ReadAsync(model.Id);
        Assert.Equal(model.Name, after.Name);
        Assert.Equal("\"2\"", etag);
        Assert.Empty(await factory.OutboxRowsAsync<ModelUpdated>(model.Id));
    }

    [Fact]
    public async Task Patch_accepts_a_listed_or_a_wildcard_etag_but_not_a_weak_one()
    {
        var model = await Owner.RegisterModelAsync(_org);
        await (await Owner.PatchAsync(model.Id, new { description = "weak" }, "W/\"1\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        (await Owner.PatchAsync(model.Id, new { description = "exact" }, "\"1\"")).EnsureStatus(HttpStatusCode.OK);
        (await Owner.PatchAsync(model.Id, new { description = "listed" }, "\"7\", \"2\"")).EnsureStatus(HttpStatusCode.OK);
        (await Owner.PatchAsync(model.Id, new { description = "any" }, "*")).EnsureStatus(HttpStatusCode.OK);
        Assert.Equal(4, (await ReadAsync(model.Id)).Model.Revision);
    }

    [Fact]
    public async Task Lifecycle_changes_need_if_match_too()
    {
        var model = await Owner.RegisterModelAsync(_org);
        await (await Owner.TransitionAsync(model.Id, "InDevelopment", ifMatch: null)).ProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await Owner.TransitionAsync(model.Id, "InDevelopment", "\"5\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);

        var (after, etag) = await ReadAsync(model.Id);
        Assert.Equal("\"1\"", etag);
        Assert.Equal(Models.LifecycleStatus.Proposed, after.LifecycleStatus);
        Assert.Equal(Models.RiskTier.Unassigned, after.RiskTier.Tier);
    }
}
