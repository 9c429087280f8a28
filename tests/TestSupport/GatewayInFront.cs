using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace ModelRisk.TestSupport;

/// <summary>
/// The real gateway, with its shipped routes, in front of a service's in-memory test server: its forwarder sends every
/// request to <paramref name="service"/>, so a test sees what an integration calling the gateway sees.
/// <typeparamref name="TGateway"/> is the gateway's Program, which a test project references under an alias.
/// </summary>
public sealed class GatewayInFront<TGateway>(Func<HttpMessageHandler> service, Uri publicBaseUrl) : WebApplicationFactory<TGateway>
    where TGateway : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in TestIdentity.HostConfiguration)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Gateway:PublicBaseUrl", publicBaseUrl.ToString());
        builder.ConfigureTestServices(services =>
        {
            TestIdentity.TrustTestKey(services);
            services.AddSingleton<IForwarderHttpClientFactory>(new ToTestServer(service));
        });
    }

    private sealed class ToTestServer(Func<HttpMessageHandler> service) : IForwarderHttpClientFactory
    {
        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) => new(service());
    }
}
