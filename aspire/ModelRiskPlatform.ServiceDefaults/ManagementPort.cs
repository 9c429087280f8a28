using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;

namespace ModelRisk.ServiceDefaults;

/// <summary>
/// Section <c>Management</c>: the port on which only health and metrics answer. Unset (local mode, tests) they
/// answer on every port the service listens on.
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>The local port of the management listener (8090 in Kubernetes); the service must also listen on it.</summary>
    public int? Port { get; set; }
}

/// <summary>Marks the endpoints that belong on the management port: <c>/health</c>, <c>/alive</c>, <c>/metrics</c>.</summary>
public sealed class ManagementEndpointMetadata
{
    public static readonly ManagementEndpointMetadata Instance = new();

    private ManagementEndpointMetadata()
    {
    }
}

/// <summary>
/// With a management port configured, a management endpoint matches only on that port and every other endpoint only
/// off it, so an ingress or gateway that forwards to the API port can never reach health or metrics. It looks at the
/// port the connection arrived on, never at the Host header, which a caller can set to anything.
/// </summary>
public sealed class ManagementPortPolicy(IOptions<ManagementOptions> options) : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the framework's own policies (HTTP method, host): it only narrows what they left.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => options.Value.Port is not null;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onManagementPort = httpContext.Connection.LocalPort == options.Value.Port;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i)
                && (candidates[i].Endpoint.Metadata.GetMetadata<ManagementEndpointMetadata>() is not null) != onManagementPort)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}
