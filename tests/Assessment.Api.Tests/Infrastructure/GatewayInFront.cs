extern alias gateway;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.TestSupport;
using Yarp.ReverseProxy.Forwarder;

namespace ModelRisk.Assessment.Tests.Infrastructure;

/// <summary>
/// The real gateway, with its shipped routes, in front of an in-memory Assessment service: its forwarder sends every
/// request to the Assessment test server, so a test sees what an integration calling the gateway sees.
/// </summary>
public sealed class GatewayInFront(AssessmentFactory assessment, Uri publicBaseUrl) : WebApplicationFactory<gateway::Program>
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
            services.AddSingleton<IForwarderHttpClientFactory>(new ToTestServer(assessment));
        });
    }

    private sealed class ToTestServer(AssessmentFactory assessment) : IForwarderHttpClientFactory
    {
        public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) => new(assessment.Server.CreateHandler());
    }
}
