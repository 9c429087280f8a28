using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ModelRisk.DevIdentity.Tests;

/// <summary>
/// The development issuer hands any role to anyone, so it starts only where it is meant to, signs with the issuer
/// it is configured with whatever Host a caller sends, and keeps its key readable by its user alone.
/// </summary>
public sealed class HardeningTests : IDisposable
{
    private const string PublicUrl = "http://issuer.test:5081";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dev-identity-{Guid.NewGuid():N}");

    private sealed class Issuer(string environment, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_it_refuses_to_start_unless_explicitly_allowed(string environment)
    {
        using var refused = new Issuer(environment, new Dictionary<string, string?> { ["DevIdentity:PublicUrl"] = PublicUrl });
        using var allowed = new Issuer(environment, new Dictionary<string, string?>
        {
            ["DevIdentity:PublicUrl"] = PublicUrl,
            ["DevIdentity:AllowOutsideDevelopment"] = "true",
        });

        var error = Assert.ThrowsAny<Exception>(() => refused.CreateClient());

        Assert.Contains(Chain(error), e => e is InvalidOperationException && e.Message.Contains("refuses to start", StringComparison.Ordinal));
        using var client = allowed.CreateClient();
    }

    [Fact]
    public async Task The_issuer_comes_from_configuration_whatever_host_the_caller_names()
    {
        using var issuer = new Issuer("Development", new Dictionary<string, string?> { ["DevIdentity:PublicUrl"] = PublicUrl });
        using var client = issuer.CreateClient();
        client.DefaultRequestHeaders.Host = "attacker.example";

        var discovery = await client.GetFromJsonAsync<JsonElement>("/realms/model-risk/.well-known/openid-configuration");
        using var response = await client.PostAsJsonAsync("/realms/model-risk/dev/token", new { username = "me", roles = new[] { "auditor" } });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        Assert.Equal(PublicUrl + "/realms/model-risk", discovery.GetProperty("issuer").GetString());
        Assert.Equal(PublicUrl + "/realms/model-risk", new JsonWebTokenHandler().ReadJsonWebToken(token).Issuer);
    }

    [Fact]
    public void Without_a_public_url_it_refuses_to_start()
    {
        using var issuer = new Issuer("Development", new Dictionary<string, string?>());

        var error = Assert.ThrowsAny<Exception>(() => issuer.CreateClient());

        Assert.Contains(Chain(error), e => e.Message.Contains("DevIdentity:PublicUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_key_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var keyFile = Path.Combine(_folder, "signing-key.pem");

        StartWithKeyFile(keyFile);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public void A_key_file_others_could_read_is_made_owner_only_and_still_used()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var keyFile = Path.Combine(_folder, "signing-key.pem");
        StartWithKeyFile(keyFile);
        var key = File.ReadAllText(keyFile);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        StartWithKeyFile(keyFile);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(key, File.ReadAllText(keyFile));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // The key store is created with the host's services; asking for the JWKS makes sure it ran.
    private static void StartWithKeyFile(string keyFile)
    {
        using var issuer = new Issuer("Development", new Dictionary<string, string?>
        {
            ["DevIdentity:PublicUrl"] = PublicUrl,
            ["DevIdentity:KeyFile"] = keyFile,
        });
        using var client = issuer.CreateClient();
        using var response = client.GetAsync("/realms/model-risk/protocol/openid-connect/certs").GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
