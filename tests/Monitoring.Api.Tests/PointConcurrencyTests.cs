using Microsoft.EntityFrameworkCore;
using ModelRisk.Monitoring.Tests.Infrastructure;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Batches of one series pushed at the same time: each is stored whole, and the series' alert state ends at its latest point.</summary>
public sealed class PointConcurrencyTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private readonly People _people = People.InNewOrg();

    private MonitoringFlow Flow => new(factory);

    [Fact]
    public async Task Concurrent_batches_of_one_watched_series_are_all_stored_and_its_tracker_ends_at_the_latest_point()
    {
        const int batches = 8, perBatch = 50;
        var model = await factory.RegisterModelAsync(_people.Org);
        var planId = MonitoringFlow.Id(await Flow.CreatePlanAsync(_people.Owner, MonitoringFlow.PushedPlan(model)));
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds());

        // Interleaved instants: every batch holds points older and newer than the others', all under the warning.
        var pushes = Enumerable.Range(0, batches).Select(b => Flow.PushAsync(_people.Pipeline, model,
            [.. Enumerable.Range(0, perBatch).Select(i => MonitoringFlow.Point("toxicity_rate", 0.01, t0.AddSeconds((i * batches) + b)))]));
        var responses = await Task.WhenAll(pushes);

        Assert.All(responses, r => Assert.Equal(perBatch, r.GetProperty("accepted").GetInt32()));
        Assert.Equal(batches * perBatch, await factory.QueryAsync(db => db.Points.CountAsync(p => p.ModelId == model)));
        var tracker = Assert.Single(await factory.QueryAsync(db => db.BreachTrackers.Where(t => t.PlanId == planId).ToListAsync()));
        Assert.Equal(t0.AddSeconds((batches * perBatch) - 1), tracker.LastPointAt);
        Assert.Null(tracker.FiringAlertId);
    }
}
