using System.Net;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class LimitsTests(GatewayFixture fixture)
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    [Fact]
    public async Task A_client_that_empties_its_bucket_gets_429_with_Retry_After_while_another_client_is_served()
    {
        // Two tokens, refilled once an hour: the third call in this test cannot find a token.
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:TokenLimit"] = "2",
            ["Gateway:RateLimit:TokensPerPeriod"] = "1",
            ["Gateway:RateLimit:ReplenishmentPeriodSeconds"] = "3600",
        });
        var ci = gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));

        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/inventory/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/inventory/models")).StatusCode);
        var limited = await ci.GetAsync("/api/inventory/models");
        var person = await gateway.ClientWithToken(TestIdentity.RiskAnalyst()).GetAsync("/api/inventory/models");

        var problem = await limited.ProblemAsync(429);
        Assert.Equal("https://model-risk.dev/problems/rate-limited", problem["type"].GetString());
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
    }

    [Fact]
    public void Integrations_of_one_client_share_a_bucket_and_people_have_their_own()
    {
        Assert.Equal("client:model-risk-ci", PartitionOf(TestIdentity.Integration("acme-lending")));
        Assert.Equal("client:model-risk-ci", PartitionOf(TestIdentity.Integration("other-org")));
        Assert.Equal("user:sub-analyst", PartitionOf(TestIdentity.RiskAnalyst()));
        Assert.Equal("ip:10.1.2.3", ModelRisk.Gateway.RateLimiting.ClientRateLimiting.PartitionKey(Anonymous()));
    }

    [Fact]
    public async Task A_body_over_the_default_limit_is_a_413_problem_and_never_reaches_the_service()
    {
        var client = fixture.Gateway.ClientWithToken(TestIdentity.ModelOwner("acme-lending"));

        var path = $"/api/inventory/models?probe={Guid.NewGuid():N}";

        var response = await client.PostAsync(path, new ByteArrayContent(new byte[TwoMegabytes]));

        var problem = await response.ProblemAsync(413);
        Assert.Equal("https://model-risk.dev/problems/payload-too-large", problem["type"].GetString());
        Assert.DoesNotContain(path, fixture.Backend.Received);
    }

    [Fact]
    public async Task On_a_real_server_a_chunked_body_over_the_limit_is_a_413_problem_and_the_import_route_takes_it()
    {
        // Without a declared length only the server can count the bytes: Kestrel enforces the route's limit.
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?>());
        gateway.UseKestrel(0);
        gateway.StartServer();
        var client = gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));

        var refused = await client.PostAsync("/api/inventory/models", Chunked(TwoMegabytes));
        var imported = await client.PostAsync("/api/inventory/models/import", Chunked(TwoMegabytes));

        var problem = await refused.ProblemAsync(413);
        Assert.Equal("https://model-risk.dev/problems/payload-too-large", problem["type"].GetString());
        Assert.Equal(TwoMegabytes, (await imported.EchoAsync()).BodyBytes);
    }

    [Fact]
    public async Task On_a_real_server_the_dataset_upload_route_streams_a_body_larger_than_every_other_limit()
    {
        // 60 MiB: more than the import route's 50 MiB, the largest limit before datasets; far below the 5 GiB dataset limit.
        const long sixtyMegabytes = 60L * 1024 * 1024;
        await using var gateway = fixture.GatewayWith(new Dictionary<string, string?>());
        gateway.UseKestrel(0);
        gateway.StartServer();
        var client = gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));

        var uploaded = await client.PostAsync("/api/assessment/datasets?org=acme-lending&name=big", new StreamContent(new ZeroStream(sixtyMegabytes)));

        var echo = await uploaded.EchoAsync();
        Assert.Equal("/api/assessment/datasets?org=acme-lending&name=big", echo.Path);
        Assert.Equal(sixtyMegabytes, echo.BodyBytes);
    }

    [Fact]
    public async Task The_prediction_log_route_takes_a_batch_over_the_default_limit_up_to_16_MiB_and_refuses_more()
    {
        const int sixteenMebibytes = 16 * 1024 * 1024;
        var client = fixture.Gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));
        var refusedPath = $"/api/monitoring/predictions?probe={Guid.NewGuid():N}";

        var accepted = await client.PostAsync("/api/monitoring/predictions", new ByteArrayContent(new byte[TwoMegabytes]));
        var refused = await client.PostAsync(refusedPath, new ByteArrayContent(new byte[sixteenMebibytes + 1]));

        var echo = await accepted.EchoAsync();
        Assert.Equal("/api/monitoring/predictions", echo.Path);
        Assert.Equal(TwoMegabytes, echo.BodyBytes);
        var problem = await refused.ProblemAsync(413);
        Assert.Equal("https://model-risk.dev/problems/payload-too-large", problem["type"].GetString());
        Assert.DoesNotContain(refusedPath, fixture.Backend.Received);
    }

    [Theory]
    [InlineData("/api/monitoring/points")]
    [InlineData("/api/monitoring/labels")]
    public async Task The_point_and_label_routes_take_a_full_batch_over_the_default_limit_up_to_4_MiB_and_refuse_more(string route)
    {
        const int fourMebibytes = 4 * 1024 * 1024;
        var client = fixture.Gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));
        var refusedPath = $"{route}?probe={Guid.NewGuid():N}";

        var accepted = await client.PostAsync(route, new ByteArrayContent(new byte[TwoMegabytes]));
        var refused = await client.PostAsync(refusedPath, new ByteArrayContent(new byte[fourMebibytes + 1]));

        Assert.Equal(TwoMegabytes, (await accepted.EchoAsync()).BodyBytes);
        await refused.ProblemAsync(413);
        Assert.DoesNotContain(refusedPath, fixture.Backend.Received);
    }

    /// <summary>A body of zeros generated as it is read, without a length, so it goes chunked and the test never holds it.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _remaining = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _remaining);
            Array.Clear(buffer, offset, n);
            _remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static StreamContent Chunked(int bytes)
    {
        var content = new StreamContent(new UnknownLengthStream(new byte[bytes]));
        Assert.Null(content.Headers.ContentLength);
        return content;
    }

    /// <summary>A stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task The_import_route_accepts_a_body_larger_than_the_default_limit()
    {
        var client = fixture.Gateway.ClientWithToken(TestIdentity.Integration("acme-lending"));

        var response = await client.PostAsync("/api/inventory/models/import", new ByteArrayContent(new byte[TwoMegabytes]));
        var echo = await response.EchoAsync();

        Assert.Equal("/api/inventory/models/import", echo.Path);
        Assert.Equal(TwoMegabytes, echo.BodyBytes);
    }

    private static string PartitionOf(string token)
    {
        var principal = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ReadJsonWebToken(token);
        var identity = new System.Security.Claims.ClaimsIdentity(principal.Claims, "Bearer", "preferred_username", "role");
        ModelRisk.ServiceDefaults.Identity.KeycloakClaims.MapRoles(identity, "model-risk-api");
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = new System.Security.Claims.ClaimsPrincipal(identity) };
        return ModelRisk.Gateway.RateLimiting.ClientRateLimiting.PartitionKey(context);
    }

    private static Microsoft.AspNetCore.Http.DefaultHttpContext Anonymous()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        return context;
    }
}
