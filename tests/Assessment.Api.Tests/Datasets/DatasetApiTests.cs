using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Assessment.Features.Datasets;
using ModelRisk.Assessment.Tests.Infrastructure;
using ModelRisk.Datasets.Storage;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;
using static ModelRisk.Assessment.Tests.Datasets.DatasetUpload;

namespace ModelRisk.Assessment.Tests.Datasets;

public sealed class DatasetApiTests(AssessmentFactory factory) : IClassFixture<AssessmentFactory>
{
    private readonly string _org = "data-" + Guid.NewGuid().ToString("N")[..8];

    private string Owner => TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [_org]);

    private async Task<(DatasetResponse Dataset, HttpResponseMessage Response)> UploadAsync(byte[] bytes, string contentType = DatasetEndpoints.CsvType, string? token = null)
    {
        using var client = factory.As(token ?? Owner);
        var response = await client.PostAsync(DatasetUpload.Path(_org), Body(bytes, contentType));
        return (await response.ReadAsync<DatasetResponse>(HttpStatusCode.Created), response);
    }

    private Task<int> RowsAsync() => factory.QueryAsync(db => db.Datasets.CountAsync(d => d.Org == _org));

    private IReadOnlyList<string> FilesOfOrg() => [.. factory.StoredDatasetFiles().Where(f => f.Contains(_org, StringComparison.Ordinal) || f.StartsWith(".incoming", StringComparison.Ordinal))];

    [Fact]
    public async Task A_csv_uploads_with_its_measured_size_digest_and_columns_and_reads_back_byte_for_byte()
    {
        var bytes = Csv("customer_id,\"income, net\",default");

        var (dataset, response) = await UploadAsync(bytes);

        Assert.Equal($"{Base}/{dataset.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal((_org, "holdout 2026-q1", DatasetFormat.Csv, bytes.LongLength, Sha256(bytes), "olivia.owner"),
            (dataset.Org, dataset.Name, dataset.Format, dataset.SizeBytes, dataset.Sha256, dataset.CreatedBy));
        Assert.Equal(["customer_id", "income, net", "default"], dataset.Columns);

        using var client = factory.As(Owner);
        var one = await client.GetAsync($"{Base}/{dataset.Id}");
        Assert.Equal(dataset.Sha256, (await one.ReadAsync<DatasetResponse>()).Sha256);
        Assert.Equal("\"1\"", one.ETag());
        var list = await (await client.GetAsync($"{Base}?org={_org}")).ReadAsync<JsonElement>();
        Assert.Equal([dataset.Id], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        var download = await client.GetAsync($"{Base}/{dataset.Id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.LongLength, download.Content.Headers.ContentLength);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal([$"datasets/{_org}/{dataset.Id}"], FilesOfOrg().Select(f => f.Replace('\\', '/')));
    }

    [Fact]
    public async Task Parquet_is_recognised_from_the_content_whatever_the_generic_content_type()
    {
        var bytes = ParquetShaped();

        var (dataset, _) = await UploadAsync(bytes, DatasetEndpoints.OctetStreamType);
        var (declared, _) = await UploadAsync(bytes, DatasetEndpoints.ParquetType);

        Assert.Equal(DatasetFormat.Parquet, dataset.Format);
        Assert.Equal(DatasetFormat.Parquet, declared.Format);
        Assert.Empty(dataset.Columns);
        using var client = factory.As(Owner);
        var download = await client.GetAsync($"{Base}/{dataset.Id}/content");
        Assert.Equal(DatasetEndpoints.ParquetType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Sha256(bytes), Sha256(await download.Content.ReadAsByteArrayAsync()));
    }

    public static TheoryData<string, string, string> NotDatasets => new()
    {
        { "binary", Convert.ToBase64String([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00]), "NUL" },
        { "latin-1 text", Convert.ToBase64String([.. "name,city\nJos"u8, 0xE9, .. ",Paris\n"u8]), "not UTF-8" },
        { "no header", Convert.ToBase64String("\n1,2,3\n"u8.ToArray()), "first line is empty" },
        { "a truncated parquet file", Convert.ToBase64String([.. "PAR1"u8, 0x15, 0x00, 0x15, 0x9C]), "PAR1" },
        { "nothing", "", "empty" },
    };

    [Theory]
    [MemberData(nameof(NotDatasets))]
    public async Task Content_that_is_not_a_dataset_is_a_problem_naming_the_reason_and_nothing_is_kept(string what, string base64, string reason)
    {
        using var client = factory.As(Owner);

        var response = await client.PostAsync(DatasetUpload.Path(_org), Body(Convert.FromBase64String(base64), DatasetEndpoints.OctetStreamType));

        var problem = await response.ValidationProblemAsync("body");
        var message = problem.GetProperty("errors").GetProperty("body")[0].GetString()!;
        Assert.True(message.Contains(reason, StringComparison.Ordinal), $"{what}: {message}");
        Assert.Equal(0, await RowsAsync());
        Assert.Empty(FilesOfOrg());
    }

    [Fact]
    public async Task A_declared_format_the_content_contradicts_is_refused_and_nothing_is_kept()
    {
        using var client = factory.As(Owner);

        var response = await client.PostAsync(DatasetUpload.Path(_org), Body(ParquetShaped(), DatasetEndpoints.CsvType));

        var problem = await response.ValidationProblemAsync("Content-Type");
        Assert.Contains("content is Parquet", problem.GetProperty("errors").GetProperty("Content-Type")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync());
        Assert.Empty(FilesOfOrg());
    }

    [Theory]
    [InlineData("", "holdout", "org")]
    [InlineData("Not A Slug", "holdout", "org")]
    [InlineData("{org}", "", "name")]
    [InlineData("{org}", "two\nlines", "name")]
    public async Task Missing_or_bad_query_parameters_are_field_errors(string org, string name, string field)
    {
        using var client = factory.As(Owner);

        var response = await client.PostAsync(DatasetUpload.Path(org.Replace("{org}", _org, StringComparison.Ordinal), name), Body(Csv()));

        await response.ValidationProblemAsync(field);
        Assert.Equal(0, await RowsAsync());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_type_other_than_csv_parquet_or_octet_stream_is_a_field_error(string contentType)
    {
        using var client = factory.As(Owner);

        var response = await client.PostAsync(DatasetUpload.Path(_org), Body(Csv(), contentType));

        await response.ValidationProblemAsync("Content-Type");
        Assert.Empty(FilesOfOrg());
    }

    [Fact]
    public async Task Other_orgs_neither_see_nor_touch_a_dataset_and_auditors_only_read()
    {
        var (dataset, _) = await UploadAsync(Csv());
        var outsider = TestIdentity.Token("nate.owner", [PlatformRoles.ModelOwner], ["elsewhere"]);
        var integration = TestIdentity.Token("ci", [PlatformRoles.Integration], ["elsewhere"], clientId: "model-risk-ci");
        using var stranger = factory.As(outsider);
        using var auditor = factory.As(People.Auditor);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{Base}/{dataset.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{Base}/{dataset.Id}/content")).StatusCode);
        var listed = await (await stranger.GetAsync(Base)).ReadAsync<JsonElement>();
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == dataset.Id);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{dataset.Id}") { Headers = { { "If-Match", "*" } } };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(delete)).StatusCode);
        await (await stranger.PostAsync(DatasetUpload.Path(_org), Body(Csv()))).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);
        using var asIntegration = factory.As(integration);
        await (await asIntegration.PostAsync(DatasetUpload.Path(_org), Body(Csv()))).ProblemAsync(HttpStatusCode.Forbidden, ApiProblems.ForbiddenType);

        Assert.Equal(dataset.Sha256, (await (await auditor.GetAsync($"{Base}/{dataset.Id}")).ReadAsync<DatasetResponse>()).Sha256);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"{Base}/{dataset.Id}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync(DatasetUpload.Path(_org), Body(Csv()))).StatusCode);
        using var auditorDelete = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{dataset.Id}") { Headers = { { "If-Match", "\"1\"" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(auditorDelete)).StatusCode);

        Assert.Equal(1, await RowsAsync());
        Assert.Single(FilesOfOrg());
    }

    [Theory]
    [InlineData(PlatformRoles.RiskAnalyst)]
    [InlineData(PlatformRoles.Integration)]
    public async Task Analysts_and_integrations_upload_in_their_own_orgs(string role)
    {
        var token = TestIdentity.Token("uploader", [role], [_org], clientId: role == PlatformRoles.Integration ? "model-risk-ci" : null);

        var (dataset, _) = await UploadAsync(Csv(), token: token);

        Assert.Equal(_org, dataset.Org);
    }

    [Fact]
    public async Task Deleting_needs_the_current_etag_and_removes_the_row_and_the_stored_bytes()
    {
        var (dataset, _) = await UploadAsync(Csv());
        using var client = factory.As(Owner);

        using var bare = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{dataset.Id}");
        await (await client.SendAsync(bare)).ProblemAsync(HttpStatusCode.PreconditionRequired);
        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{dataset.Id}") { Headers = { { "If-Match", "\"7\"" } } };
        await (await client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Single(FilesOfOrg());

        using var current = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/{dataset.Id}") { Headers = { { "If-Match", "\"1\"" } } };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(current)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/{dataset.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/{dataset.Id}/content")).StatusCode);
        Assert.Equal(0, await RowsAsync());
        Assert.Empty(FilesOfOrg());
    }

    [Fact]
    public async Task The_list_pages_with_a_cursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await UploadAsync(Csv(rows: i + 1))).Dataset.Id);
        }
        using var client = factory.As(Owner);

        var first = await (await client.GetAsync($"{Base}?org={_org}&limit=2")).ReadAsync<JsonElement>();
        var second = await (await client.GetAsync($"{Base}?org={_org}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}")).ReadAsync<JsonElement>();

        Assert.Equal(ids, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await (await client.GetAsync($"{Base}?cursor=bogus")).ValidationProblemAsync("cursor");
    }

    [Fact]
    public void The_upload_route_alone_takes_bodies_up_to_the_dataset_limit()
    {
        var limits = EndpointCatalog.Routes(factory.Services)
            .Where(r => r.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is not null)
            .Select(r => (r.Key, r.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()!.MaxRequestBodySize))
            .ToList();

        Assert.Equal([($"POST {Base}", (long?)DatasetStorageOptions.DefaultMaxDatasetBytes)], limits);
    }
}
