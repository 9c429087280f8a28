using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.DecisionLog;

namespace ModelRisk.Assessment.Tests;

/// <summary>The log as an auditor relies on it: it verifies, exports for offline checks, and names what was tampered with.</summary>
public sealed class DecisionLogApiTests : IAsyncLifetime
{
    private readonly AssessmentFactory _factory = new();
    private ReviewFlow Flow => new(_factory);

    public Task InitializeAsync() => ((IAsyncLifetime)_factory).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();

    private async Task DecideAsync()
    {
        var (_, review) = await Flow.InReviewAsync();
        review = await Flow.ActAsync(review, People.Approver, "decision", new { outcome = "Approve", rationale = "ok" });
        await Flow.ActAsync(review, People.SecondApprover, "decision/signatures");
    }

    private async Task<System.Text.Json.JsonElement> VerifyAsync() =>
        await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/assessment/decision-log/{People.Org}/verification");

    [Fact]
    public async Task An_export_verifies_offline_with_the_published_public_key()
    {
        await DecideAsync();
        await Flow.SendAsync(People.Admin, HttpMethod.Post, $"/api/assessment/decision-log/{People.Org}/checkpoints");

        using var client = _factory.As(People.Auditor);
        var export = await client.GetStringAsync($"/api/assessment/decision-log/{People.Org}/export");
        var keys = await Flow.SendAsync(People.Auditor, HttpMethod.Get, "/api/assessment/decision-log/keys");
        var trusted = new CheckpointKeys().AddPem(keys[0].GetString()!);

        var result = Assert.Single(LogExport.Read(new StringReader(export)).Verify(trusted));
        Assert.True(result.IsValid, result.Break?.Reason);
        Assert.Equal(1, result.CheckpointsVerified);
    }

    [Fact]
    public async Task A_row_altered_in_the_database_is_named()
    {
        await DecideAsync();
        await _factory.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE decision_log SET Actor = 'mallory' WHERE Org = {0} AND Sequence = 3", People.Org));

        var result = await VerifyAsync();

        Assert.False(result.GetProperty("isValid").GetBoolean());
        Assert.Equal(3, result.GetProperty("break").GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task A_deleted_row_is_named()
    {
        await DecideAsync();
        await _factory.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM decision_log WHERE Org = {0} AND Sequence = 2", People.Org));

        Assert.Equal(2, (await VerifyAsync()).GetProperty("break").GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Two_reordered_rows_are_named()
    {
        await DecideAsync();
        await _factory.QueryAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE decision_log SET Sequence = -1 WHERE Org = {0} AND Sequence = 2", People.Org);
            await db.Database.ExecuteSqlRawAsync("UPDATE decision_log SET Sequence = 2 WHERE Org = {0} AND Sequence = 3", People.Org);
            return await db.Database.ExecuteSqlRawAsync("UPDATE decision_log SET Sequence = 3 WHERE Org = {0} AND Sequence = -1", People.Org);
        });

        Assert.Equal(2, (await VerifyAsync()).GetProperty("break").GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task A_chain_rewritten_from_the_start_contradicts_its_signed_checkpoint()
    {
        await DecideAsync();
        await Flow.SendAsync(People.Admin, HttpMethod.Post, $"/api/assessment/decision-log/{People.Org}/checkpoints");
        await _factory.QueryAsync(async db =>
        {
            var rows = await db.DecisionLog.AsNoTracking().Where(e => e.Org == People.Org).OrderBy(e => e.Sequence).ToListAsync();
            using var hasher = new ChainHasher();
            LogEntry? head = null;
            foreach (var row in rows)
            {
                var actor = row.Sequence == 1 ? "mallory" : row.Actor;
                head = hasher.Next(head, row.Org, row.Kind, row.Subject, actor, row.OccurredAt, row.Payload);
                await db.Database.ExecuteSqlRawAsync("UPDATE decision_log SET Actor = {0}, PreviousHash = {1}, Hash = {2} WHERE Org = {3} AND Sequence = {4}",
                    head.Actor, head.PreviousHash, head.Hash, row.Org, row.Sequence);
            }
            return rows.Count;
        });

        var result = await VerifyAsync();

        Assert.False(result.GetProperty("isValid").GetBoolean());
        Assert.Equal(1, result.GetProperty("break").GetProperty("sequence").GetInt64());
        Assert.Contains("rewritten", result.GetProperty("break").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_twice_without_new_entries_adds_no_checkpoint()
    {
        await DecideAsync();
        var first = await Flow.SendAsync(People.Admin, HttpMethod.Post, $"/api/assessment/decision-log/{People.Org}/checkpoints");
        var second = await Flow.SendAsync(People.Admin, HttpMethod.Post, $"/api/assessment/decision-log/{People.Org}/checkpoints");

        Assert.Equal(1, first.GetArrayLength());
        Assert.Equal(0, second.GetArrayLength());
        await Flow.SendAsync(People.Owner, HttpMethod.Post, $"/api/assessment/decision-log/{People.Org}/checkpoints", expected: HttpStatusCode.Forbidden);
    }
}
