using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.Monitoring.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests;

/// <summary>Coverage by risk tier with the shipped policy's mandatory tiers (Critical, High, Medium), and the gaps with what each model misses.</summary>
public sealed class CoverageTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private const string Coverage = "/api/monitoring/coverage";

    private MonitoringFlow Flow => new(factory);

    internal static async Task<JsonElement> PlanAsync(MonitoringFlow flow, string token, string model, params string[] without)
    {
        var plan = JsonSerializer.SerializeToNode(MonitoringFlow.PushedPlan(model), JsonSerializerOptions.Web)!.AsObject();
        foreach (var field in without)
        {
            plan.Remove(field);
        }
        return await flow.CreatePlanAsync(token, plan);
    }

    [Fact]
    public async Task Each_tier_counts_models_with_an_active_and_a_complete_plan_and_the_mandatory_ones_without_a_complete_plan_are_gaps()
    {
        var people = People.InNewOrg("cov");
        var criticalBare = await factory.RegisterModelAsync(people.Org, "Critical", owner: "casey.owner");
        var criticalRetiredPlan = await factory.RegisterModelAsync(people.Org, "Critical");
        var highIncomplete = await factory.RegisterModelAsync(people.Org, "High");
        var highComplete = await factory.RegisterModelAsync(people.Org, "High", lifecycle: "Suspended");
        var mediumComplete = await factory.RegisterModelAsync(people.Org, "Medium", lifecycle: "Proposed");
        await factory.RegisterModelAsync(people.Org, "Low");
        await factory.RegisterModelAsync(people.Org, "High", lifecycle: "Retired");

        var retired = await PlanAsync(Flow, people.Owner, criticalRetiredPlan);
        await Flow.SendAsync(people.Owner, HttpMethod.Delete, $"/api/monitoring/plans/{MonitoringFlow.Id(retired)}", ifMatch: MonitoringFlow.ETag(retired));
        var incomplete = await PlanAsync(Flow, people.Owner, highIncomplete, "runbookUrl", "dashboardUrl");
        await PlanAsync(Flow, people.Owner, highComplete);
        await PlanAsync(Flow, people.Owner, mediumComplete);

        var coverage = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);

        Assert.Equal(["Critical", "High", "Medium"], coverage.GetProperty("mandatoryTiers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2026.1 (shipped)", coverage.GetProperty("policyVersion").GetString());
        var tiers = coverage.GetProperty("tiers").EnumerateArray()
            .Select(t => (t.GetProperty("tier").GetString(), t.GetProperty("mandatory").GetBoolean(), t.GetProperty("models").GetInt32(),
                t.GetProperty("withActivePlan").GetInt32(), t.GetProperty("withCompletePlan").GetInt32(), t.GetProperty("completeShare").GetDouble()))
            .ToList();
        Assert.Equal(
            [("Critical", true, 2, 0, 0, 0.0), ("High", true, 2, 2, 1, 0.5), ("Low", false, 1, 0, 0, 0.0), ("Medium", true, 1, 1, 1, 1.0)],
            tiers);

        var gaps = coverage.GetProperty("gaps").EnumerateArray().ToDictionary(g => g.GetProperty("modelId").GetString()!);
        Assert.Equal([criticalBare, criticalRetiredPlan, highIncomplete], gaps.Keys.Order());
        Assert.Equal(["a monitoring plan"], gaps[criticalBare].GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(JsonValueKind.Null, gaps[criticalBare].GetProperty("planId").ValueKind);
        Assert.Equal(("casey.owner", "Critical", people.Org), (gaps[criticalBare].GetProperty("owner").GetString(), gaps[criticalBare].GetProperty("tier").GetString(),
            gaps[criticalBare].GetProperty("org").GetString()));
        Assert.Equal(["a monitoring plan"], gaps[criticalRetiredPlan].GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(MonitoringFlow.Id(incomplete), gaps[highIncomplete].GetProperty("planId").GetString());
        Assert.Equal(["dashboard", "runbook"], gaps[highIncomplete].GetProperty("missing").EnumerateArray().Select(m => m.GetString()));

        // Completing the plan closes the gap.
        var completed = JsonSerializer.SerializeToNode(MonitoringFlow.PushedPlan(highIncomplete), JsonSerializerOptions.Web)!.AsObject();
        completed.Remove("modelId");
        await Flow.SendAsync(people.Owner, HttpMethod.Put, $"/api/monitoring/plans/{MonitoringFlow.Id(incomplete)}", completed, ifMatch: MonitoringFlow.ETag(incomplete));
        var after = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);
        Assert.Equal([criticalBare, criticalRetiredPlan], after.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("modelId").GetString()).Order());
    }

    [Fact]
    public async Task Coverage_is_scoped_to_the_callers_orgs_and_a_cross_org_reader_picks_one_org()
    {
        var a = People.InNewOrg("cova");
        var b = People.InNewOrg("covb");
        var modelA = await factory.RegisterModelAsync(a.Org, "Critical");
        var modelB = await factory.RegisterModelAsync(b.Org, "Critical");

        var asA = await Flow.SendAsync(a.Owner, HttpMethod.Get, Coverage);
        Assert.Equal([modelA], asA.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("modelId").GetString()));
        var critical = Assert.Single(asA.GetProperty("tiers").EnumerateArray());
        Assert.Equal(1, critical.GetProperty("models").GetInt32());

        // Naming another org narrows nothing into it: the caller still sees only its own orgs.
        var aAskingForB = await Flow.SendAsync(a.Owner, HttpMethod.Get, $"{Coverage}?org={b.Org}");
        Assert.Empty(aAskingForB.GetProperty("gaps").EnumerateArray());
        Assert.Empty(aAskingForB.GetProperty("tiers").EnumerateArray());

        var analystForB = await Flow.SendAsync(People.Analyst, HttpMethod.Get, $"{Coverage}?org={b.Org}");
        Assert.Equal([modelB], analystForB.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("modelId").GetString()));
        var auditorAll = await Flow.SendAsync(People.Auditor, HttpMethod.Get, Coverage);
        Assert.Contains(auditorAll.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("modelId").GetString() == modelA);
        Assert.Contains(auditorAll.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("modelId").GetString() == modelB);

        var problem = await Flow.SendAsync(a.Owner, HttpMethod.Get, $"{Coverage}?org=Not_A_Slug", expected: HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("org", out _));
    }
}

/// <summary>
/// The tiers a published tiering policy makes mandatory, and the model read model built from Inventory's events. A
/// host of its own: the published policy is global to the service.
/// </summary>
public sealed class CoveragePolicyAndInventoryTests(MonitoringFactory factory) : IClassFixture<MonitoringFactory>
{
    private const string Coverage = "/api/monitoring/coverage";

    private MonitoringFlow Flow => new(factory);

    private async Task DeliverAsync<T>(T message) where T : class
    {
        var id = Guid.NewGuid();
        await factory.Harness.Bus.Publish(message, context => context.MessageId = id);
        await Wait.UntilAsync(() => factory.Consumed.Finished(id) > 0, $"{typeof(T).Name} {id} is consumed");
        Assert.Equal(0, factory.Consumed.Faulted(id));
    }

    [Fact]
    public async Task A_published_policy_replaces_the_mandatory_tiers_and_an_older_publication_arriving_late_changes_nothing()
    {
        var people = People.InNewOrg("pol");
        var critical = await factory.RegisterModelAsync(people.Org, "Critical");
        var high = await factory.RegisterModelAsync(people.Org, "High");
        var low = await factory.RegisterModelAsync(people.Org, "Low");
        var before = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);
        Assert.Equal([critical, high], before.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("modelId").GetString()).Order());

        var now = DateTimeOffset.UtcNow;
        await DeliverAsync(new TieringPolicyPublished("2027.1", ["Critical", "Low"], "pat.admin", now));
        var after = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);
        Assert.Equal("2027.1", after.GetProperty("policyVersion").GetString());
        Assert.Equal(["Critical", "Low"], after.GetProperty("mandatoryTiers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([critical, low], after.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("modelId").GetString()).Order());
        var tiers = after.GetProperty("tiers").EnumerateArray().ToDictionary(t => t.GetProperty("tier").GetString()!, t => t.GetProperty("mandatory").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["Critical"] = true, ["High"] = false, ["Low"] = true }, tiers);

        await DeliverAsync(new TieringPolicyPublished("2026.2", ["High"], "pat.admin", now.AddDays(-30)));
        var late = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);
        Assert.Equal("2027.1", late.GetProperty("policyVersion").GetString());
        Assert.Equal(["Critical", "Low"], late.GetProperty("mandatoryTiers").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Inventorys_events_build_the_model_in_any_order_and_an_older_change_arriving_late_changes_nothing()
    {
        var people = People.InNewOrg("inv");
        var model = "m-" + Guid.NewGuid().ToString("N")[..20];
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);

        // The tier change overtakes the registration on the bus.
        await DeliverAsync(new RiskTierChanged(model, people.Org, "Medium", "Critical", "Customer-facing credit decisions.", "riley.analyst", t0.AddMinutes(2)));
        var started = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal((people.Org, "Critical"), (started.Org, started.RiskTier));

        await DeliverAsync(new ModelRegistered(model, people.Org, "credit-pd", "Credit PD", "Classification", "olivia.owner", "InProduction", "Medium", "olivia.owner", t0));
        var registered = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal(("credit-pd", "Credit PD", "olivia.owner", "Critical"), (registered.Key, registered.Name, registered.Owner, registered.RiskTier));

        // Plans can be made for it now, and coverage counts it as a Critical model without a plan.
        var coverage = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);
        var gap = Assert.Single(coverage.GetProperty("gaps").EnumerateArray());
        Assert.Equal((model, "Critical", "credit-pd"), (gap.GetProperty("modelId").GetString(), gap.GetProperty("tier").GetString(), gap.GetProperty("key").GetString()));
        await CoverageTests.PlanAsync(Flow, people.Owner, model);

        // Retirement takes it out of coverage. Each field keeps its latest fact: a tier change older than the last one
        // applied, arriving late, changes nothing; a newer tier change after the retirement still applies to the tier.
        await DeliverAsync(new ModelLifecycleChanged(model, people.Org, "InProduction", "Retired", "Replaced.", "olivia.owner", t0.AddMinutes(10)));
        await DeliverAsync(new RiskTierChanged(model, people.Org, "Medium", "Low", "Old reassessment.", "riley.analyst", t0.AddMinutes(1)));
        var retired = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal(("Retired", "Critical"), (retired.Lifecycle, retired.RiskTier));
        await DeliverAsync(new RiskTierChanged(model, people.Org, "Critical", "High", "Reassessed.", "riley.analyst", t0.AddMinutes(5)));
        retired = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal(("Retired", "High"), (retired.Lifecycle, retired.RiskTier));
        var afterRetirement = await Flow.SendAsync(people.Owner, HttpMethod.Get, Coverage);
        Assert.Empty(afterRetirement.GetProperty("tiers").EnumerateArray());
        Assert.Empty(afterRetirement.GetProperty("gaps").EnumerateArray());
    }

    [Fact]
    public async Task A_new_owner_reaches_the_model_so_alert_findings_go_to_them_and_an_older_update_or_one_without_an_owner_changes_nothing()
    {
        var people = People.InNewOrg("own");
        var model = "m-" + Guid.NewGuid().ToString("N")[..20];
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);

        // The update overtakes the registration: the registration's older name and owner do not undo it.
        await DeliverAsync(new ModelUpdated(model, people.Org, "credit-pd", 2, ["owner", "name"], "pat.admin", t0.AddMinutes(5), "Credit PD v2", "nate.owner"));
        await DeliverAsync(new ModelRegistered(model, people.Org, "credit-pd", "Credit PD", "Classification", "olivia.owner", "InProduction", "High", "olivia.owner", t0));
        var current = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal(("credit-pd", "Credit PD v2", "nate.owner", "High"), (current.Key, current.Name, current.Owner, current.RiskTier));

        // An update older than the one applied, and one from a publisher that sends no name or owner, change nothing.
        await DeliverAsync(new ModelUpdated(model, people.Org, "credit-pd", 1, ["owner"], "pat.admin", t0.AddMinutes(1), "Credit PD", "olivia.owner"));
        await DeliverAsync(new ModelUpdated(model, people.Org, "credit-pd", 3, ["description"], "pat.admin", t0.AddMinutes(9)));
        current = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal(("Credit PD v2", "nate.owner"), (current.Name, current.Owner));

        // A newer owner applies.
        await DeliverAsync(new ModelUpdated(model, people.Org, "credit-pd", 4, ["owner"], "pat.admin", t0.AddMinutes(10), "Credit PD v2", "casey.owner"));
        current = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.ModelId == model));
        Assert.Equal("casey.owner", current.Owner);
    }
}
