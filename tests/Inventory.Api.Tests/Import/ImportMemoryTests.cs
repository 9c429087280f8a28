using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.ServiceDefaults;
using ModelRisk.TestSupport;
using Xunit.Abstractions;

namespace ModelRisk.Inventory.Tests.Import;

/// <summary>
/// Hostile 50 MB files: the service must refuse each while reading it, holding no more than a few times its
/// per-row limit. Allocation is counted for the whole process, so these run alone, on a service of their own.
/// </summary>
[Collection(SerialImportCollection.Name)]
public sealed class ImportMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxRowBytes = 4 * 1024 * 1024;
    private const long HostileBytes = 50L * 1024 * 1024 - 4096;

    // The outbox poller would allocate in the background while the request is measured.
    private readonly InventoryFactory _factory = InventoryFactory.With(new Dictionary<string, string?>
    {
        ["Inventory:Import:MaxRowBytes"] = MaxRowBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messaging:Outbox:PollInterval"] = "01:00:00",
    });

    private readonly string _org = Api.NewOrg("hostile");

    public Task InitializeAsync()
    {
        // A real Kestrel server reads the body as production does (its request size limit included).
        _factory.UseKestrel(0);
        return _factory.InitializeAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public static TheoryData<string, string, string, string, HttpStatusCode, string> HostileFiles => new()
    {
        // One endless JSON line: the old reader buffered the body, then built a 100 MB string of it.
        { "an endless json line", "application/x-ndjson", "{\"org\":\"o\",\"key\":\"k\",\"name\":\"", "a", HttpStatusCode.RequestEntityTooLarge, "body" },
        // One quoted CSV cell of 50 MB full of line breaks.
        { "a 50 MB quoted cell", "text/csv", "org,key,name,owner,modelType\no,k,\"", "ab\r\n", HttpStatusCode.RequestEntityTooLarge, "name" },
        // Millions of one-letter tags in one cell.
        { "millions of list items", "text/csv", "org,key,name,owner,modelType,tags\no,k,n,alice,Ranking,", "a;", HttpStatusCode.BadRequest, "tags" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_hostile_file_is_refused_while_it_is_read_with_bounded_memory(
        string what, string mediaType, string head, string unit, HttpStatusCode status, string field)
    {
        // A plain client: the factory's own copies every request body into memory to be able to follow a redirect.
        var server = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromMinutes(5) }.WithToken(TestIdentity.ModelOwner(_org));
        // Warm up the import path (JIT, options, the first database query) so only the hostile request is measured.
        var warmUp = await client.PostAsync($"{Api.Models}/import?dryRun=true",
            new StringContent($"org,key,name,owner,modelType\n{_org},warm,Warm,alice,Ranking\n", Encoding.UTF8, "text/csv"));
        warmUp.EnsureStatus(HttpStatusCode.OK);

        var content = new HostileContent(mediaType, head.Replace("\"o\"", $"\"{_org}\"").Replace("\no,", $"\n{_org},"), unit, HostileBytes);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await client.PostAsync($"{Api.Models}/import", content);
        await response.Content.LoadIntoBufferAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{what}: {allocated / 1024.0 / 1024.0:F1} MiB allocated, {content.Written / 1024.0 / 1024.0:F1} MiB sent, answer {(int)response.StatusCode}");

        Assert.True(allocated < 3L * MaxRowBytes, $"{what}: {allocated:N0} bytes allocated while the limit per row is {MaxRowBytes:N0}");
        var problem = await response.ProblemAsync(status, status == HttpStatusCode.BadRequest ? ApiProblems.ValidationType : ApiProblems.PayloadTooLargeType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{what}: expected an error for {field}: {problem}");
        Assert.Equal(what.Contains("json", StringComparison.Ordinal) ? 1 : 2, problem.GetProperty("line").GetInt32());
        Assert.Equal(0, await _factory.ModelCountAsync(_org));
    }
}

/// <summary>Tests that measure the whole process run after every other collection, never beside one.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialImportCollection
{
    public const string Name = "import-serial";
}
