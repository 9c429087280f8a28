using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;
using static ModelRisk.Assessment.Tests.Datasets.DatasetUpload;

namespace ModelRisk.Assessment.Tests.Datasets;

/// <summary>
/// The dataset limit on a real Kestrel server (which enforces the route's body limit as production does): a body over
/// it is 413 with a problem, declared or chunked, and leaves neither a row nor a byte in the store.
/// </summary>
public sealed class DatasetLimitTests : IAsyncLifetime
{
    private const long Limit = 1024 * 1024;

    private readonly AssessmentFactory _factory = new()
    {
        Settings = new Dictionary<string, string?> { ["DatasetStorage:MaxDatasetBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private readonly string _org = "limit-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        return _factory.InitializeAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Client()
    {
        // A plain client: the factory's own buffers every request body to be able to follow a redirect.
        var server = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient { BaseAddress = new Uri(server) }.WithToken(TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_org]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_dataset_over_the_limit_is_413_and_nothing_is_kept(bool declareLength)
    {
        using var client = Client();

        var response = await client.PostAsync(DatasetUpload.Path(_org), new GeneratedCsvContent(Limit + 1, declareLength));

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, ApiProblems.PayloadTooLargeType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
        Assert.Equal(0, await _factory.QueryAsync(db => db.Datasets.CountAsync(d => d.Org == _org)));
        Assert.Empty(_factory.StoredDatasetFiles());
    }

    [Fact]
    public async Task A_dataset_of_exactly_the_limit_is_stored()
    {
        using var client = Client();
        var content = new GeneratedCsvContent(Limit);

        var response = await client.PostAsync(DatasetUpload.Path(_org), content);

        var dataset = await response.ReadAsync<Features.Datasets.DatasetResponse>(HttpStatusCode.Created);
        Assert.Equal(Limit, dataset.SizeBytes);
        Assert.Equal(content.Sha256, dataset.Sha256);
    }

    [Fact]
    public async Task A_chunked_dataset_under_the_limit_is_stored()
    {
        // Kestrel counts a chunked body with its chunk framing (a few bytes per chunk), so a chunked upload of exactly
        // the limit is refused; half of it is well clear. Clients that know the size send Content-Length.
        using var client = Client();
        var content = new GeneratedCsvContent(Limit / 2, declareLength: false);

        var response = await client.PostAsync(DatasetUpload.Path(_org), content);

        var dataset = await response.ReadAsync<Features.Datasets.DatasetResponse>(HttpStatusCode.Created);
        Assert.Equal(Limit / 2, dataset.SizeBytes);
        Assert.Equal(content.Sha256, dataset.Sha256);
    }

    [Fact]
    public async Task Every_other_route_keeps_the_one_megabyte_limit()
    {
        using var client = Client();
        var body = new ByteArrayContent(new byte[AssessmentModule.MaxRequestBodyBytes + 1]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/api/assessment/tierings", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
