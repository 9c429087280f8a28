using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ModelRisk.TestSupport;

/// <summary>One method on one route a service answers, as its endpoint data source lists it.</summary>
public sealed partial record ApiRoute(string Method, string Pattern, Endpoint Endpoint)
{
    /// <summary>"POST /api/inventory/models/{id}/versions": how a test names the route in its tables.</summary>
    public string Key => $"{Method} {Pattern}";

    public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");

    public bool AllowsAnonymous => Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>Carries an authorization requirement (a policy, roles or plain [Authorize]) and does not opt out of it.</summary>
    public bool RequiresAuthorization => !AllowsAnonymous
        && (Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 || Endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null);

    public IReadOnlyList<string> RouteParameters => Parameter().Matches(Pattern).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>The path with every route parameter filled in; a parameter without a value fails the test, naming it.</summary>
    public string Path(IReadOnlyDictionary<string, string> values) => Parameter().Replace(Pattern, m =>
        values.TryGetValue(m.Groups["name"].Value, out var value)
            ? Uri.EscapeDataString(value)
            : throw new Xunit.Sdk.XunitException($"{Key}: no value for route parameter '{m.Groups["name"].Value}'; give the route table one."));

    public override string ToString() => Key;

    [GeneratedRegex(@"\{\**(?<name>\w+)(?::[^}]*)?\??\}")]
    private static partial Regex Parameter();
}

/// <summary>
/// Every route a service maps, read from its <see cref="EndpointDataSource"/> rather than from a hand-written list, so
/// a guard test that walks it covers the next route too. Works for any service's WebApplicationFactory.
/// </summary>
public static partial class EndpointCatalog
{
    /// <summary>Anonymous by design: probes, scrapers and (in local mode) the API document.</summary>
    public static readonly IReadOnlyList<string> ManagementPrefixes = ["/health", "/alive", "/metrics", "/openapi"];

    public static IReadOnlyList<ApiRoute> Routes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !IsGrpcUnimplementedFallback(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ApiRoute(method, "/" + (e.RoutePattern.RawText ?? "").Trim('/'), e)))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    public static bool IsManagement(ApiRoute route) =>
        ManagementPrefixes.Any(prefix => route.Pattern.Equals(prefix, StringComparison.Ordinal) || route.Pattern.StartsWith(prefix + "/", StringComparison.Ordinal));

    /// <summary>A gRPC method route: the service name in the path ("/package.Service/Method").</summary>
    public static bool IsGrpc(ApiRoute route) => route.Method == "POST" && GrpcPath().IsMatch(route.Pattern);

    // gRPC maps catch-alls that only ever answer "unimplemented" to gRPC calls; they hold no data and take no input.
    private static bool IsGrpcUnimplementedFallback(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.Parameters.Any(p => p.ParameterPolicies.Any(policy => policy.Content == "grpcunimplemented"));

    [GeneratedRegex(@"^/[a-z0-9_.]+\.[A-Za-z0-9_]+/[A-Za-z0-9_]+$")]
    private static partial Regex GrpcPath();
}
