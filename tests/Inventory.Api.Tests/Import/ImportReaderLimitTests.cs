using System.Net;
using System.Text;
using System.Text.Json;
using ModelRisk.Inventory.Features.Import;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceDefaults;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests.Import;

/// <summary>A service of its own with tiny limits per row, cell and list: each is refused with the line and field, and nothing is written.</summary>
public sealed class ImportReaderLimitTests : IAsyncLifetime
{
    private readonly InventoryFactory _factory = InventoryFactory.With(new Dictionary<string, string?>
    {
        ["Inventory:Import:MaxRowBytes"] = "300",
        ["Inventory:Import:MaxCellBytes"] = "120",
        ["Inventory:Import:MaxListItems"] = "3",
    });

    private readonly string _org = Api.NewOrg("lim");

    public Task InitializeAsync() => _factory.InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<JsonElement> RefusedAsync(string body, string mediaType, HttpStatusCode status, string field, int line)
    {
        var client = _factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var response = await client.PostAsync($"{Api.Models}/import", new StringContent(body, Encoding.UTF8, mediaType));
        var problem = await response.ProblemAsync(status, status == HttpStatusCode.BadRequest ? ApiProblems.ValidationType : ApiProblems.PayloadTooLargeType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"expected an error for {field}: {problem}");
        Assert.StartsWith($"Line {line}:", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
        Assert.Equal(0, await _factory.ModelCountAsync(_org));
        return problem;
    }

    // Row 2 spans lines 2-3 (a quoted line break), so the row after it starts on line 4.
    private string CsvWith(string header, string row) =>
        $"org,key,name,owner,modelType{header}\n{_org},ok,\"Two\nlines\",alice,Ranking{new string(',', header.Count(c => c == ','))}\n{_org},{row}\n";

    [Fact]
    public Task A_csv_cell_over_the_limit_is_413_naming_line_and_column() =>
        RefusedAsync(CsvWith(",description", $"big,Big,alice,Ranking,{new string('x', 121)}"), "text/csv", HttpStatusCode.RequestEntityTooLarge, "description", 4);

    [Fact]
    public Task A_csv_row_over_the_limit_is_413() =>
        RefusedAsync(CsvWith(",description,intendedUse,developerTeam", $"wide,Wide,alice,Ranking,{new string('d', 100)},{new string('i', 100)},{new string('t', 100)}"),
            "text/csv", HttpStatusCode.RequestEntityTooLarge, "developerTeam", 4);

    [Fact]
    public Task A_csv_list_with_more_items_than_the_limit_is_400_naming_line_and_column() =>
        RefusedAsync(CsvWith(",restrictions", "long,Long,alice,Ranking,a;b;c;d"), "text/csv", HttpStatusCode.BadRequest, "restrictions", 4);

    [Fact]
    public Task A_csv_cell_whose_quote_never_closes_is_400() =>
        RefusedAsync(CsvWith(",description", "open,Open,alice,Ranking,\"never closed"), "text/csv", HttpStatusCode.BadRequest, "description", 4);

    [Fact]
    public Task A_csv_row_with_more_cells_than_the_header_is_400() =>
        RefusedAsync(CsvWith("", "more,More,alice,Ranking,extra"), "text/csv", HttpStatusCode.BadRequest, "body", 4);

    [Fact]
    public async Task Escaped_separators_do_not_count_as_list_items()
    {
        var client = _factory.ClientWithToken(TestIdentity.ModelOwner(_org));
        var csv = $"org,key,name,owner,modelType,restrictions\n{_org},esc,Esc,alice,Ranking,a\\;1\\;2\\;3;b;c\n";
        var report = await (await client.PostAsync($"{Api.Models}/import", new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadAsync<ImportReport>();
        Assert.Equal(1, report.Created);
    }

    [Fact]
    public Task A_json_array_with_more_items_than_the_limit_is_400() =>
        RefusedAsync($"\n{{\"org\":\"{_org}\",\"key\":\"t\",\"name\":\"n\",\"owner\":\"o\",\"modelType\":\"Ranking\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}}\n",
            "application/x-ndjson", HttpStatusCode.BadRequest, "tags", 2);

    [Fact]
    public Task A_json_string_over_the_cell_limit_is_413() =>
        RefusedAsync($"{{\"org\":\"{_org}\",\"key\":\"t\",\"name\":\"n\",\"owner\":\"o\",\"modelType\":\"Ranking\",\"description\":\"{new string('x', 121)}\"}}",
            "application/x-ndjson", HttpStatusCode.RequestEntityTooLarge, "description", 1);

    [Fact]
    public Task A_json_line_over_the_row_limit_is_413() =>
        RefusedAsync($"{{\"org\":\"{_org}\",\"key\":\"t\",\"name\":\"n\",\"owner\":\"o\",\"modelType\":\"Ranking\",\"description\":\"{new string('x', 100)}\",\"intendedUse\":\"{new string('x', 100)}\",\"developerTeam\":\"{new string('x', 100)}\"}}",
            "application/x-ndjson", HttpStatusCode.RequestEntityTooLarge, "body", 1);
}
