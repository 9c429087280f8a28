using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceKit.Data;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>
/// Only a race is a conflict a client should retry. A database error that is no race must not be answered 409,
/// or integrations retry it forever; it is a 500 (logged) and too-long values never reach the database at all.
/// </summary>
[Collection(InventoryCollection.Name)]
public sealed class DatabaseErrorTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("dberr");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    [Fact]
    public async Task A_database_error_that_is_no_race_is_a_500_problem_and_changes_nothing()
    {
        var model = await Owner.RegisterModelAsync(_org);
        var outboxBefore = await factory.OutboxCountAsync();
        factory.DatabaseFaults.BreakNextSave(model.Id);

        var response = await Owner.PatchAsync(model.Id, new { name = "Renamed" }, "*");

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("SQLite", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        var stored = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Id == model.Id));
        Assert.Equal((model.Name, model.Revision), (stored.Name, stored.Revision));
        Assert.Equal(outboxBefore, await factory.OutboxCountAsync());
    }

    [Fact]
    public async Task A_unique_index_another_writer_took_first_is_a_409_to_retry()
    {
        var model = await Owner.RegisterModelAsync(_org);
        factory.DatabaseFaults.ClashNextVersion(model.Id);

        var response = await Owner.AddVersionAsync(model.Id, "1.0.0");

        await response.ProblemAsync(HttpStatusCode.Conflict, ApiProblems.ConflictType);
        var stored = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Id == model.Id));
        Assert.Equal(model.Revision, stored.Revision);
    }

    [Fact]
    public async Task The_classifier_tells_a_unique_violation_from_other_constraint_failures()
    {
        var existing = await Owner.RegisterModelAsync(_org);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();

        db.Models.Add(ModelRecord.Register(Guid.NewGuid().ToString("N"), ModelDetails.Empty with { Name = "Clash", Owner = "x" }, _org, existing.Key, "test", DateTimeOffset.UtcNow));
        var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DatabaseErrors.IsUniqueViolation(duplicate));

        db.ChangeTracker.Clear();
        db.Models.Add(ModelRecord.Register(Guid.NewGuid().ToString("N"), ModelDetails.Empty with { Name = null!, Owner = "x" }, _org, Api.NewKey(), "test", DateTimeOffset.UtcNow));
        var notNull = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.False(DatabaseErrors.IsUniqueViolation(notNull));
    }

    public static TheoryData<string, string> ModelTextFields() => new()
    {
        { "name", nameof(ModelRecord.Name) },
        { "description", nameof(ModelRecord.Description) },
        { "owner", nameof(ModelRecord.Owner) },
        { "developerTeam", nameof(ModelRecord.DeveloperTeam) },
        { "intendedUse", nameof(ModelRecord.IntendedUse) },
        { "vendorName", nameof(ModelRecord.VendorName) },
    };

    private Task<int> MaxLengthAsync<T>(string property) =>
        factory.QueryAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(T))!.FindProperty(property)!.GetMaxLength()!.Value));

    [Theory]
    [MemberData(nameof(ModelTextFields))]
    public async Task Each_model_text_is_validated_against_its_column_length(string field, string property)
    {
        var max = await MaxLengthAsync<ModelRecord>(property);
        Dictionary<string, object?> Body(int length)
        {
            var body = Api.RegistrationBody(_org, Api.NewKey());
            body["sourcing"] = "Vendor";
            body["vendorName"] = "Vendor Ltd";
            body[field] = new string('x', length);
            return body;
        }

        await (await Owner.RegisterAsync(Body(max + 1))).ValidationProblemAsync(field);
        Assert.Equal(0, await factory.ModelCountAsync(_org));
        (await Owner.RegisterAsync(Body(max))).EnsureStatus(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("version", nameof(ModelVersion.Version))]
    [InlineData("trainingDataReference", nameof(ModelVersion.TrainingDataReference))]
    public async Task Each_version_text_is_validated_against_its_column_length(string field, string property)
    {
        var max = await MaxLengthAsync<ModelVersion>(property);
        var model = await Owner.RegisterModelAsync(_org);
        Dictionary<string, object?> Body(int length) => new()
        {
            ["version"] = "1.0.0",
            ["artifactUri"] = "s3://models/a.bin",
            [field] = new string('x', length),
        };

        await (await Owner.SendAsync(HttpMethod.Post, $"{Api.Models}/{model.Id}/versions", Body(max + 1), null)).ValidationProblemAsync(field);
        (await Owner.SendAsync(HttpMethod.Post, $"{Api.Models}/{model.Id}/versions", Body(max), null)).EnsureStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Any_username_keycloak_allows_fits_the_audit_columns()
    {
        // Keycloak allows usernames and client ids of 255 characters; a shorter column fails every write of such a caller on SQL Server.
        var username = new string('u', 255);
        var model = await factory.ClientWithToken(TestIdentity.Token(username, ["model-owner"], [_org])).RegisterModelAsync(_org);
        Assert.Equal(username, model.CreatedBy);

        // SQLite stores any length, so the limit SQL Server enforces is read from the one model both providers share.
        Assert.True(await MaxLengthAsync<ModelRecord>(nameof(ModelRecord.CreatedBy)) >= 255);
        Assert.True(await MaxLengthAsync<ModelRecord>(nameof(ModelRecord.UpdatedBy)) >= 255);
        Assert.True(await MaxLengthAsync<ModelRecord>(nameof(ModelRecord.RiskTierSetBy)) >= 255);
        Assert.True(await MaxLengthAsync<ModelVersion>(nameof(ModelVersion.CreatedBy)) >= 255);
    }

    [Fact]
    public async Task A_tiering_rationale_longer_than_its_column_is_cut_to_fit_so_the_tier_still_lands()
    {
        // On SQL Server a too-long value fails the save, and a consumer whose save fails is redelivered forever.
        var max = await MaxLengthAsync<ModelRecord>(nameof(ModelRecord.RiskTierRationale));
        var model = await Owner.RegisterModelAsync(_org);

        await factory.TierAsync(model.Id, _org, "High", rationale: new string('x', max + 10));

        var stored = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Id == model.Id));
        Assert.Equal(RiskTier.High, stored.RiskTier);
        Assert.Equal(max, stored.RiskTierRationale!.Length);
    }
}
