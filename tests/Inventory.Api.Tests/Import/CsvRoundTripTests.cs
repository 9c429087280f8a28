using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Features.Import;
using ModelRisk.Inventory.Models;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests.Import;

/// <summary>CSV exports that a spreadsheet opens safely, whatever it splits on, and that import back unchanged.</summary>
[Collection(InventoryCollection.Name)]
public sealed class CsvRoundTripTests(InventoryFactory factory)
{
    private static readonly string[] TrickyItems =
    [
        "No; credit, decisions", "He said \"no\"", "line one\nline two", "=HYPERLINK(\"https://evil.test\")", "+1", "-2", "@SUM(A1)",
        "'=already quoted", "ends with a backslash \\", "back\\;slash", "pipe | =cmd", "tab\t-1", ";leading separator", "x;=y",
    ];

    private readonly string _org = Api.NewOrg("csv");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private async Task<ModelRecord> RegisterTrickyAsync(string key)
    {
        (await Owner.RegisterAsync(new
        {
            org = _org, key, name = "=cmd|' /C calc'!A0", owner = "-owner", modelType = "Classification", sourcing = "Vendor",
            vendorName = "+Vendor, Inc.", developerTeam = "@team; =x", intendedUse = "Revenue; -5% YoY\n=1+1, @x | +y\t-z",
            description = "tab\t=x and CR\r=y", tags = new[] { "genai", "a:b" }, restrictions = TrickyItems,
            upstreamDependencies = new[] { "C:\\models\\pd", "\\\\server\\share;v2", "a;b", "=feature-store" },
            lineageUris = new[] { "https://lineage.test/a?x=1;y=2,3", "s3://bucket/=weird;-path" },
        })).EnsureStatus(HttpStatusCode.Created);
        return (await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Org == _org && m.Key == key)));
    }

    [Fact]
    public async Task List_items_with_separators_quotes_line_breaks_and_formula_starts_survive_an_export_and_import()
    {
        var before = await RegisterTrickyAsync("tricky");

        var csv = await Owner.GetStringAsync($"{Api.Models}/export?format=csv&org={_org}");
        var report = await (await Owner.PostAsync($"{Api.Models}/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadAsync<ImportReport>();

        Assert.True(report.Unchanged == 1, $"expected unchanged: {JsonSerializer.Serialize(report, Api.Json)}\n{csv}");
        var after = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Id == before.Id));
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(TrickyItems, after.Restrictions);
        Assert.Equal(before.UpstreamDependencies, after.UpstreamDependencies);
        Assert.Equal(before.LineageUris, after.LineageUris);
        Assert.Equal((before.Name, before.IntendedUse, before.Description, before.DeveloperTeam), (after.Name, after.IntendedUse, after.Description, after.DeveloperTeam));
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public async Task No_piece_of_an_export_starts_a_formula_whatever_a_spreadsheet_splits_on(char separator)
    {
        await RegisterTrickyAsync("guarded");

        var csv = await Owner.GetStringAsync($"{Api.Models}/export?format=csv&org={_org}");

        // As a spreadsheet splitting on this separator sees the file: every line break ends a row, every separator a cell.
        foreach (var line in csv.Split(["\r\n", "\n", "\r"], StringSplitOptions.None))
        {
            foreach (var cell in line.Split(separator))
            {
                var text = cell.TrimStart(' ');
                text = text.StartsWith('"') ? text[1..].TrimStart(' ') : text;
                Assert.False(text.Length > 0 && "=+-@\t\r".Contains(text[0]), $"a cell starts a formula when split on '{separator}': [{cell}] in line [{line}]");
            }
        }
    }

    [Fact]
    public async Task A_hand_written_file_with_plain_lists_and_guarded_cells_still_imports()
    {
        var csv = $"org,key,name,owner,modelType,restrictions,upstreamDependencies\n{_org},plain,'=Name,alice,Ranking, one ; two ;;three,C:\\models\\pd\n";
        var report = await (await Owner.PostAsync($"{Api.Models}/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadAsync<ImportReport>();
        Assert.Equal(1, report.Created);
        var model = await factory.QueryAsync(db => db.Models.AsNoTracking().SingleAsync(m => m.Org == _org && m.Key == "plain"));
        Assert.Equal("=Name", model.Name);
        Assert.Equal(["one", "two", "three"], model.Restrictions);
        Assert.Equal(["C:\\models\\pd"], model.UpstreamDependencies);
    }
}
