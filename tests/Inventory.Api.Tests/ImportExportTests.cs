using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelRisk.Inventory.Features.Import;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.Messaging.Outbox;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

[Collection(InventoryCollection.Name)]
public sealed class ImportExportTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("imp");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static StringContent JsonLines(string text) => new(text, Encoding.UTF8, "application/x-ndjson");

    private Task<int> OutboxRowsOfOrgAsync() =>
        factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains("\"" + _org + "\"")));

    private Task<ModelRecord?> FindAsync(string org, string key) =>
        factory.QueryAsync(db => db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Org == org && m.Key == key));

    private static void AssertRow(ImportReport report, int line, string key, ImportOutcome outcome, string? errorField = null)
    {
        var row = Assert.Single(report.Results, r => r.Line == line);
        Assert.Equal(key, row.Key);
        Assert.True(outcome == row.Outcome, $"line {line}: expected {outcome}, got {row.Outcome} {JsonSerializer.Serialize(row.Errors)}");
        if (errorField is not null)
        {
            Assert.NotNull(row.Errors);
            Assert.True(row.Errors.ContainsKey(errorField), $"line {line}: expected an error for {errorField}, got {JsonSerializer.Serialize(row.Errors)}");
            Assert.Null(row.Id);
        }
        else
        {
            Assert.NotNull(row.Id);
        }
    }

    [Fact]
    public async Task A_csv_import_creates_updates_keeps_and_rejects_row_by_row()
    {
        var owner = Owner;
        var toUpdate = await owner.RegisterModelAsync(_org, key: "upd", name: "Before", owner: "alice");
        var toKeep = await owner.RegisterModelAsync(_org, key: "keep", name: "Keep me", owner: "alice", tags: ["x"]);
        var outboxBefore = await OutboxRowsOfOrgAsync();
        var otherOrg = Api.NewOrg("imp-other");

        var csv = $""""
            org,key,name,owner,modelType,tags,description
            {_org},new-one,"New, with a comma",alice,Regression,a;B,"He said ""hi"""
            {_org},upd,After,alice,Classification,,
            {_org},keep,Keep me,alice,Classification,x,
            {_org},bad-enum,Bad enum,alice,Banana,,
            {_org},no-name,,alice,Classification,,
            {otherOrg},foreign,Foreign,alice,Classification,,
            {_org},new-one,Duplicate in file,alice,Classification,,
            """";
        var report = await (await owner.PostAsync($"{Api.Models}/import", Csv(csv))).ReadAsync<ImportReport>();

        Assert.False(report.DryRun);
        Assert.Equal((7, 1, 1, 1, 4), (report.Rows, report.Created, report.Updated, report.Unchanged, report.Rejected));
        AssertRow(report, 2, "new-one", ImportOutcome.Created);
        AssertRow(report, 3, "upd", ImportOutcome.Updated);
        AssertRow(report, 4, "keep", ImportOutcome.Unchanged);
        AssertRow(report, 5, "bad-enum", ImportOutcome.Rejected, "modelType");
        AssertRow(report, 6, "no-name", ImportOutcome.Rejected, "name");
        AssertRow(report, 7, "foreign", ImportOutcome.Rejected, "org");
        AssertRow(report, 8, "new-one", ImportOutcome.Rejected, "key");

        var created = await FindAsync(_org, "new-one");
        Assert.NotNull(created);
        Assert.Equal("New, with a comma", created.Name);
        Assert.Equal("He said \"hi\"", created.Description);
        Assert.Equal(ModelType.Regression, created.ModelType);
        Assert.Equal(["a", "b"], created.Tags);
        Assert.Equal("After", (await FindAsync(_org, "upd"))!.Name);
        Assert.Equal(2, (await FindAsync(_org, "upd"))!.Revision);
        Assert.Equal(toKeep.Revision, (await FindAsync(_org, "keep"))!.Revision);

        // The rejected rows wrote nothing: no model, and only the two accepted changes have events.
        Assert.Null(await FindAsync(_org, "bad-enum"));
        Assert.Null(await FindAsync(_org, "no-name"));
        Assert.Null(await FindAsync(otherOrg, "foreign"));
        Assert.Equal(3, await factory.ModelCountAsync(_org));
        Assert.Equal(outboxBefore + 2, await OutboxRowsOfOrgAsync());
        Assert.Equal(toUpdate.Id, report.Results.Single(r => r.Line == 3).Id);
    }

    [Fact]
    public async Task Simultaneous_imports_of_the_same_new_keys_save_each_model_once_and_never_fail_with_500()
    {
        var csv = $"org,key,name,owner,modelType\n{_org},race-1,Race 1,alice,Ranking\n{_org},race-2,Race 2,alice,Ranking\n";
        // As many as the service runs at once; one more would be 429 (ImportConcurrencyTests).
        var concurrent = factory.Services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxConcurrentImports;
        var responses = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(_ => Owner.PostAsync($"{Api.Models}/import", Csv(csv))));

        // Each import either saved its whole file (first: created, later: unchanged) or saved nothing and says so (409).
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var reports = new List<ImportReport>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            reports.Add(await response.ReadAsync<ImportReport>());
        }
        Assert.Equal(2, reports.Sum(r => r.Created));
        Assert.Equal(2, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task An_import_overtaken_by_another_writer_saves_nothing_and_is_409()
    {
        var existing = await Owner.RegisterModelAsync(_org, key: "overtaken", name: "Before");
        factory.ConcurrentWriter.ChangeNextSave(existing.Id);
        var outboxBefore = await OutboxRowsOfOrgAsync();
        var csv = $"org,key,name,owner,modelType\n{_org},overtaken,After,alice,Classification\n{_org},brand-new,New,alice,Ranking\n";

        var response = await Owner.PostAsync($"{Api.Models}/import", Csv(csv));

        await response.ProblemAsync(HttpStatusCode.Conflict, ModelRisk.ServiceDefaults.ApiProblems.ConflictType);
        Assert.Equal("Before", (await FindAsync(_org, "overtaken"))!.Name);
        Assert.Null(await FindAsync(_org, "brand-new"));
        Assert.Equal(outboxBefore, await OutboxRowsOfOrgAsync());

        // Sent again, the same file goes through.
        var report = await (await Owner.PostAsync($"{Api.Models}/import", Csv(csv))).ReadAsync<ImportReport>();
        Assert.Equal((1, 1), (report.Created, report.Updated));
    }

    [Fact]
    public async Task A_dry_run_reports_but_writes_nothing()
    {
        var existing = await Owner.RegisterModelAsync(_org, key: "dry-existing", name: "Before");
        var outboxBefore = await OutboxRowsOfOrgAsync();
        var csv = $"""
            org,key,name,owner,modelType
            {_org},dry-new,New,alice,Ranking
            {_org},dry-existing,After,alice,Classification
            """;
        var report = await (await Owner.PostAsync($"{Api.Models}/import?dryRun=true", Csv(csv))).ReadAsync<ImportReport>();

        Assert.True(report.DryRun);
        Assert.Equal((1, 1, 0), (report.Created, report.Updated, report.Rejected));
        Assert.Null(await FindAsync(_org, "dry-new"));
        var unchanged = await FindAsync(_org, "dry-existing");
        Assert.Equal(("Before", existing.Revision), (unchanged!.Name, unchanged.Revision));
        Assert.Equal(outboxBefore, await OutboxRowsOfOrgAsync());
    }

    [Fact]
    public async Task A_json_lines_import_carries_deployment_endpoints()
    {
        var lines = string.Join('\n',
            JsonSerializer.Serialize(new
            {
                org = _org, key = "jl-scored", name = "Scored", owner = "alice", modelType = "Forecasting",
                deploymentEndpoints = new[] { new { environment = "prod", url = "https://forecast.bank.test", region = "eu" } },
                monitoringLinks = new[] { new { label = "Dash", url = "https://grafana.bank.test/d/f" } },
            }, Api.Json),
            "",
            JsonSerializer.Serialize(new
            {
                org = _org, key = "jl-bad-url", name = "Bad", owner = "alice", modelType = "Forecasting",
                deploymentEndpoints = new[] { new { environment = "prod", url = "ftp://forecast.bank.test" } },
            }, Api.Json),
            "{\"org\": \"" + _org + "\", \"key\": \"jl-broken\", ",
            JsonSerializer.Serialize(new { org = _org, key = "jl-bad-type", name = "T", owner = "alice", modelType = "Quantum" }, Api.Json));

        var report = await (await Owner.PostAsync($"{Api.Models}/import", JsonLines(lines))).ReadAsync<ImportReport>();

        Assert.Equal((4, 1, 3), (report.Rows, report.Created, report.Rejected));
        AssertRow(report, 1, "jl-scored", ImportOutcome.Created);
        AssertRow(report, 3, "jl-bad-url", ImportOutcome.Rejected, "deploymentEndpoints[0].url");
        Assert.Equal(ImportOutcome.Rejected, report.Results.Single(r => r.Line == 4).Outcome);
        Assert.Equal(ImportOutcome.Rejected, report.Results.Single(r => r.Line == 5).Outcome);
        Assert.True(report.Results.Single(r => r.Line == 5).Errors!.ContainsKey("modelType"));

        var created = await FindAsync(_org, "jl-scored");
        Assert.Equal(new DeploymentEndpoint("prod", "https://forecast.bank.test", "eu"), Assert.Single(created!.DeploymentEndpoints));
        Assert.Equal(new MonitoringLink("Dash", "https://grafana.bank.test/d/f"), Assert.Single(created.MonitoringLinks));
        Assert.Equal(1, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task Missing_required_columns_are_400()
    {
        var csv = $"""
            org,key,owner
            {_org},no-cols,alice
            """;
        var problem = await (await Owner.PostAsync($"{Api.Models}/import", Csv(csv))).ValidationProblemAsync("header");
        var message = problem.GetProperty("errors").GetProperty("header")[0].GetString();
        Assert.Contains("name", message);
        Assert.Contains("modelType", message);
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task An_unknown_column_is_400()
    {
        var csv = $"""
            org,key,name,owner,modelType,colour
            {_org},k,n,alice,Ranking,blue
            """;
        await (await Owner.PostAsync($"{Api.Models}/import", Csv(csv))).ValidationProblemAsync("header");
    }

    [Fact]
    public async Task A_header_without_rows_is_400()
    {
        await (await Owner.PostAsync($"{Api.Models}/import", Csv("org,key,name,owner,modelType\n"))).ValidationProblemAsync("body");
    }

    [Fact]
    public async Task Another_content_type_is_400()
    {
        var body = new StringContent($"[{{\"org\":\"{_org}\"}}]", Encoding.UTF8, "application/json");
        await (await Owner.PostAsync($"{Api.Models}/import", body)).ValidationProblemAsync("Content-Type");
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task A_body_without_content_type_is_400()
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"org,key,name,owner,modelType\n{_org},k,n,alice,Ranking\n"));
        await (await Owner.PostAsync($"{Api.Models}/import", body)).ValidationProblemAsync("Content-Type");
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task A_csv_saved_with_a_byte_order_mark_imports()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"org,key,name,owner,modelType\r\n{_org},bom,From Excel,alice,Ranking\r\n")).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var report = await (await Owner.PostAsync($"{Api.Models}/import", content)).ReadAsync<ImportReport>();
        AssertRow(report, 2, "bom", ImportOutcome.Created);
        Assert.Equal("From Excel", (await FindAsync(_org, "bom"))!.Name);
    }

    [Fact]
    public async Task A_row_with_missing_cells_is_400_and_writes_nothing()
    {
        var csv = $"org,key,name,owner,modelType\n{_org},ok,Ok,alice,Ranking\n{_org},short,Short\n";
        await (await Owner.PostAsync($"{Api.Models}/import", Csv(csv))).ValidationProblemAsync("body");
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task An_auditor_may_not_import()
    {
        var auditor = factory.ClientWithToken(TestIdentity.Auditor());
        var response = await auditor.PostAsync($"{Api.Models}/import", Csv($"org,key,name,owner,modelType\n{_org},k,n,alice,Ranking\n"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task A_csv_export_imports_back_unchanged()
    {
        var owner = Owner;
        await owner.RegisterAsync(new
        {
            org = _org, key = "rt-vendor", name = "Vendor, \"quoted\" model", owner = "alice", modelType = "LlmGenAi",
            sourcing = "Vendor", vendorName = "Acme", description = "Line one\nline two", tags = new[] { "genai", "chat" },
            restrictions = new[] { "No credit decisions" }, upstreamDependencies = new[] { "feature-store" }, lineageUris = new[] { "s3://lineage/a" },
            deploymentEndpoints = new[] { new { environment = "prod", url = "https://chat.bank.test" } },
        });
        await owner.RegisterModelAsync(_org, key: "rt-plain", name: "Plain");
        await owner.RegisterModelAsync(_org, key: "rt-tagged", name: "Tagged", tags: ["a", "b"], description: "Simple");

        var export = await owner.GetAsync($"{Api.Models}/export?format=csv&org={_org}");
        export.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith(string.Join(',', ModelCsv.Columns), csv);

        var report = await (await owner.PostAsync($"{Api.Models}/import", Csv(csv))).ReadAsync<ImportReport>();
        Assert.True(report.Unchanged == 3, $"expected all unchanged: {JsonSerializer.Serialize(report, Api.Json)}");
        Assert.Equal((3, 0, 0, 0), (report.Rows, report.Created, report.Updated, report.Rejected));

        // Deployment endpoints travel only in JSON lines, and the CSV round trip leaves them alone.
        var vendor = await FindAsync(_org, "rt-vendor");
        Assert.Single(vendor!.DeploymentEndpoints);
        Assert.Equal(1, vendor.Revision);
    }

    [Fact]
    public async Task A_csv_export_cannot_carry_a_spreadsheet_formula_and_still_imports_back_unchanged()
    {
        var owner = Owner;
        await owner.RegisterModelAsync(_org, key: "formula", name: "=HYPERLINK(\"https://evil.test\")", description: "@SUM(A1)");

        var csv = await owner.GetStringAsync($"{Api.Models}/export?format=csv&org={_org}");
        var row = csv.Split('\n')[1];
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.test\"\")\"", row, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1),", row, StringComparison.Ordinal);

        var report = await (await owner.PostAsync($"{Api.Models}/import", Csv(csv))).ReadAsync<ImportReport>();
        Assert.Equal((1, 1), (report.Rows, report.Unchanged));
        var model = await FindAsync(_org, "formula");
        Assert.Equal("=HYPERLINK(\"https://evil.test\")", model!.Name);
    }

    [Fact]
    public async Task A_json_lines_export_imports_back_unchanged()
    {
        var owner = Owner;
        (await owner.RegisterAsync(new
        {
            org = _org, key = "jrt-full", name = "Full", owner = "alice", modelType = "Regression", sourcing = "Vendor", vendorName = "Acme",
            tags = new[] { "x" }, restrictions = new[] { "One; with a semicolon" },
            deploymentEndpoints = new[] { new { environment = "prod", url = "https://full.bank.test", region = "eu" } },
            monitoringLinks = new[] { new { label = "Dash", url = "https://grafana.bank.test" } },
        })).EnsureStatus(HttpStatusCode.Created);
        await owner.RegisterModelAsync(_org, key: "jrt-plain");

        var jsonl = await owner.GetStringAsync($"{Api.Models}/export?format=jsonl&org={_org}");
        var report = await (await owner.PostAsync($"{Api.Models}/import", JsonLines(jsonl))).ReadAsync<ImportReport>();

        Assert.True(report.Unchanged == 2, $"expected all unchanged: {JsonSerializer.Serialize(report, Api.Json)}");
        Assert.Equal((2, 0, 0, 0), (report.Rows, report.Created, report.Updated, report.Rejected));
    }

    [Fact]
    public async Task A_json_lines_export_is_scoped_to_the_callers_orgs()
    {
        var otherOrg = Api.NewOrg("imp-b");
        var mine = await Owner.RegisterModelAsync(_org, key: "exp-mine");
        var theirs = await factory.ClientWithToken(TestIdentity.ModelOwner(otherOrg)).RegisterModelAsync(otherOrg, key: "exp-theirs");

        var export = await Owner.GetAsync($"{Api.Models}/export?format=jsonl");
        export.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var models = (await export.Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<ModelResponse>(line, Api.Json)!)
            .ToList();

        Assert.Contains(models, m => m.Id == mine.Id);
        Assert.DoesNotContain(models, m => m.Id == theirs.Id);
        Assert.All(models, m => Assert.Equal(_org, m.Org));

        var analystExport = await factory.ClientWithToken(TestIdentity.RiskAnalyst()).GetStringAsync($"{Api.Models}/export?format=jsonl&org={otherOrg}");
        Assert.Contains(theirs.Id, analystExport);
    }

    [Fact]
    public async Task An_unknown_export_format_or_filter_is_400()
    {
        await (await Owner.GetAsync($"{Api.Models}/export?format=xml")).ValidationProblemAsync("format");
        await (await Owner.GetAsync($"{Api.Models}/export?format=csv&tier=Extreme")).ValidationProblemAsync("tier");
    }
}

/// <summary>A service of its own with a tiny import limit.</summary>
public sealed class ImportLimitTests : IAsyncLifetime
{
    private readonly InventoryFactory _factory = InventoryFactory.With(new Dictionary<string, string?> { ["Inventory:Import:MaxRows"] = "3" });

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task More_rows_than_the_limit_is_400_and_writes_nothing()
    {
        var org = Api.NewOrg("limit");
        var client = _factory.ClientWithToken(TestIdentity.ModelOwner(org));
        var rows = string.Join('\n', Enumerable.Range(0, 4).Select(i => $"{org},k{i},Model {i},alice,Ranking"));
        var response = await client.PostAsync($"{Api.Models}/import", new StringContent("org,key,name,owner,modelType\n" + rows, Encoding.UTF8, "text/csv"));
        var problem = await response.ValidationProblemAsync("body");
        Assert.Contains("3", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(0, await _factory.ModelCountAsync(org));

        var jsonLines = string.Join('\n', Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new { org, key = $"j{i}", name = "n", owner = "o", modelType = "Ranking" })));
        await (await client.PostAsync($"{Api.Models}/import", new StringContent(jsonLines, Encoding.UTF8, "application/x-ndjson"))).ValidationProblemAsync("body");
        Assert.Equal(0, await _factory.ModelCountAsync(org));
    }

    [Fact]
    public async Task Rows_up_to_the_limit_are_imported()
    {
        var org = Api.NewOrg("limit");
        var client = _factory.ClientWithToken(TestIdentity.ModelOwner(org));
        var rows = string.Join('\n', Enumerable.Range(0, 3).Select(i => $"{org},k{i},Model {i},alice,Ranking"));
        var report = await (await client.PostAsync($"{Api.Models}/import", new StringContent("org,key,name,owner,modelType\n" + rows, Encoding.UTF8, "text/csv"))).ReadAsync<ImportReport>();
        Assert.Equal(3, report.Created);
        Assert.Equal(3, await _factory.ModelCountAsync(org));
    }
}
