using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Findings.Tests.Infrastructure;
using ModelRisk.Messaging.Outbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests;

/// <summary>The findings API as an integration uses it: raise, list and filter, work a finding to closure, export.</summary>
public sealed class FindingsApiTests(FindingsFactory factory) : IClassFixture<FindingsFactory>
{
    private FindingFlow Flow => new(factory);

    [Fact]
    public async Task A_raised_finding_is_due_by_its_severitys_sla_and_is_worked_to_closure_by_an_independent_verifier()
    {
        var finding = await Flow.RaiseAsync(severity: "Critical");
        Assert.Equal("Open", finding.GetProperty("state").GetString());
        var createdAt = finding.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(DateOnly.FromDateTime(createdAt.UtcDateTime).AddDays(7), DateOnly.Parse(finding.GetProperty("dueDate").GetString()!));

        finding = await Flow.ActAsync(finding, People.Owner, "remediation", new { remediator = "dev.one", remediationPlan = "Recalibrate." });
        await Flow.ActAsync(finding, People.Developer, "ready-for-verification", new { note = "done" }, HttpStatusCode.Conflict);
        finding = await Flow.ActAsync(finding, People.Developer, "evidence", new { uri = "s3://evidence/rerun.html", sha256 = FindingFlow.Sha });
        finding = await Flow.ActAsync(finding, People.Developer, "ready-for-verification", new { note = "done" });

        var byOwner = await Flow.ActAsync(finding, People.OwningAnalyst, "verification", new { passed = true, notes = "fine" }, HttpStatusCode.Forbidden);
        Assert.Contains("owns this finding", byOwner.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Flow.ActAsync(finding, People.RemediatingAnalyst, "verification", new { passed = true, notes = "fine" }, HttpStatusCode.Forbidden);
        var closed = await Flow.ActAsync(finding, People.Analyst, "verification", new { passed = true, notes = "Re-run passes." });

        Assert.Equal("Closed", closed.GetProperty("state").GetString());
        Assert.Equal("riley.analyst", closed.GetProperty("verifiedBy").GetString());
        Assert.False(closed.GetProperty("closedLate").GetBoolean());
        var id = FindingFlow.Id(closed);
        // Staged in the outbox with the changes (dispatching them is the messaging layer's, tested there).
        var events = await factory.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.Body.Contains(id)).OrderBy(m => m.OccurredAt).Select(m => m.MessageType).ToListAsync());
        Assert.Equal([typeof(FindingOpened).FullName!, typeof(FindingClosed).FullName!], events);
    }

    [Fact]
    public async Task An_illegal_move_is_409_with_the_reason_and_changes_nothing()
    {
        var finding = await Flow.RaiseAsync();

        var problem = await Flow.ActAsync(finding, People.Analyst, "verification", new { passed = true, notes = "x" }, HttpStatusCode.Conflict);

        Assert.Equal("https://model-risk.dev/problems/illegal-transition", problem.GetProperty("type").GetString());
        Assert.Contains("from Open", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await Flow.SendAsync(People.Owner, HttpMethod.Get, $"/api/findings/{FindingFlow.Id(finding)}");
        Assert.Equal(finding.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Edits_need_a_current_if_match()
    {
        var finding = await Flow.RaiseAsync();
        var path = $"/api/findings/{FindingFlow.Id(finding)}/comments";

        await Flow.SendAsync(People.Owner, HttpMethod.Post, path, new { text = "first" }, HttpStatusCode.PreconditionRequired);
        await Flow.SendAsync(People.Owner, HttpMethod.Post, path, new { text = "first" }, HttpStatusCode.OK, FindingFlow.ETag(finding));
        var stale = await Flow.SendAsync(People.Owner, HttpMethod.Post, path, new { text = "second" }, HttpStatusCode.PreconditionFailed, FindingFlow.ETag(finding));

        Assert.NotNull(stale.GetProperty("currentETag").GetString());
    }

    [Fact]
    public async Task A_severity_change_needs_a_rationale_recomputes_the_due_date_and_is_logged()
    {
        var finding = await Flow.RaiseAsync(severity: "Low");
        await Flow.ActAsync(finding, People.Owner, "severity", new { severity = "Critical" }, HttpStatusCode.BadRequest);

        var changed = await Flow.ActAsync(finding, People.Analyst, "severity", new { severity = "Critical", rationale = "Customers affected." });

        Assert.Equal("Critical", changed.GetProperty("severity").GetString());
        Assert.True(DateOnly.Parse(changed.GetProperty("dueDate").GetString()!) < DateOnly.Parse(finding.GetProperty("dueDate").GetString()!));
        Assert.Contains(changed.GetProperty("history").EnumerateArray(), h => h.GetProperty("what").GetString() == "severity"
            && h.GetProperty("actor").GetString() == "riley.analyst" && h.GetProperty("reason").GetString() == "Customers affected.");
    }

    [Fact]
    public async Task The_orgs_sla_policy_sets_the_due_date_in_business_days_of_its_time_zone()
    {
        var org = "sla-" + Guid.NewGuid().ToString("N")[..8];
        var owner = TestIdentity.Token("olivia.owner", ["model-owner"], [org]);
        await Flow.SendAsync(owner, HttpMethod.Put, $"/api/findings/sla-policies/{org}", new { criticalDays = 1, highDays = 2, mediumDays = 3, lowDays = 4 },
            HttpStatusCode.Forbidden);
        var policy = await Flow.SendAsync(People.Analyst, HttpMethod.Put, $"/api/findings/sla-policies/{org}", new
        {
            timeZone = "Asia/Tokyo", calendar = "Business", criticalDays = 1, highDays = 2, mediumDays = 3, lowDays = 4,
        });
        Assert.Equal(1, policy.GetProperty("revision").GetInt64());
        await Flow.SendAsync(People.Analyst, HttpMethod.Put, $"/api/findings/sla-policies/{org}", new { criticalDays = 2, highDays = 2, mediumDays = 3, lowDays = 4 },
            HttpStatusCode.PreconditionRequired);

        var finding = await Flow.RaiseAsync(org: org, severity: "Medium", token: owner);

        var opened = finding.GetProperty("createdAt").GetDateTimeOffset();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(opened, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        for (var added = 0; added < 3;)
        {
            day = day.AddDays(1);
            added += day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }
        Assert.Equal(day, DateOnly.Parse(finding.GetProperty("dueDate").GetString()!));
        Assert.Equal(new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)), finding.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Lists_filter_and_page_by_key_and_an_auditor_reads_across_orgs_but_an_owner_of_another_org_sees_nothing()
    {
        var org = "list-" + Guid.NewGuid().ToString("N")[..8];
        var owner = TestIdentity.Token("olivia.owner", ["model-owner"], [org]);
        var ids = new List<string>();
        foreach (var severity in new[] { "High", "High", "High", "Low" })
        {
            ids.Add(FindingFlow.Id(await Flow.RaiseAsync(org: org, severity: severity, token: owner)));
        }

        var first = await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings?org={org}&severity=High&limit=2");
        var next = first.GetProperty("nextCursor").GetString();
        var second = await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings?org={org}&severity=High&limit=2&cursor={next}");

        var paged = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(FindingFlow.Id).ToList();
        Assert.Equal(ids.Take(3), paged);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var foreign = await Flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"/api/findings?org={org}");
        Assert.Empty(foreign.GetProperty("items").EnumerateArray());
        await Flow.SendAsync(People.OtherOrgOwner, HttpMethod.Get, $"/api/findings/{ids[0]}", expected: HttpStatusCode.NotFound);
        var none = await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings?org={org}&overdue=true");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
        var bad = await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings?limit=0&cursor=nonsense", expected: HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("cursor", out _));
        await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings?severity=Huge", expected: HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_source_key_opens_one_finding_and_a_second_raise_with_it_is_a_conflict()
    {
        var key = "audit/2026-q3/" + Guid.NewGuid().ToString("N");
        var finding = await Flow.RaiseAsync(sourceKey: key);

        var conflict = await Flow.RaiseAsync(sourceKey: key, expected: HttpStatusCode.Conflict);

        Assert.Equal(FindingFlow.Id(finding), conflict.GetProperty("findingId").GetString());
        Assert.Equal(1, await factory.QueryAsync(db => db.Findings.CountAsync(f => f.SourceKey == key)));
    }

    [Fact]
    public async Task The_csv_export_guards_every_cell_against_spreadsheet_formulas()
    {
        var org = "csv-" + Guid.NewGuid().ToString("N")[..8];
        var owner = TestIdentity.Token("olivia.owner", ["model-owner"], [org]);
        await Flow.RaiseAsync(org: org, token: owner, title: "=HYPERLINK(\"http://evil.test\",\"x\")");

        using var client = factory.As(owner);
        using var response = await client.GetAsync($"/api/findings/export?org={org}");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("id,org,modelId,source,sourceKey,title,severity,state,owner,dueDate", lines[0], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\",", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sla_adherence_counts_closed_on_time_and_open_findings_per_org_and_severity()
    {
        var ready = await Flow.ReadyAsync(severity: "Medium");
        await Flow.ActAsync(ready, People.Analyst, "verification", new { passed = true, notes = "ok" });

        var rows = await Flow.SendAsync(People.Auditor, HttpMethod.Get, $"/api/findings/sla-adherence?org={People.Org}");

        var medium = rows.EnumerateArray().Single(r => r.GetProperty("severity").GetString() == "Medium");
        Assert.True(medium.GetProperty("closedOnTime").GetInt32() >= 1);
        Assert.Equal(1.0, medium.GetProperty("onTimeRate").GetDouble());
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_saves_nothing()
    {
        var before = await factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync());
        var problem = await Flow.SendAsync(People.Owner, HttpMethod.Post, "/api/findings", new
        {
            org = People.Org, modelId = "m", source = "ValidationTest", title = "x\u0000", severity = "High", severityRationale = "r", owner = "o",
        }, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("source", out _));
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.Equal(before, await factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }
}
