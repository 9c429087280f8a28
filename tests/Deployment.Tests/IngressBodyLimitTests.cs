using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// The ingress lets through exactly the request bodies the gateway accepts on each route: ingress-nginx refuses
/// bodies over its <c>proxy-body-size</c> (1 MiB unless set) before the gateway can apply its own per-route limit.
/// </summary>
public class IngressBodyLimitTests
{
    private const string BodySize = "nginx.ingress.kubernetes.io/proxy-body-size";
    private const long NginxDefault = 1024 * 1024;

    public sealed record GatewayRoute(string Id, string Path, long Limit);

    public sealed record IngressPath(string Ingress, string Path, string PathType, long Limit);

    public static TheoryData<string> RouteIds() => [.. GatewayRoutes().Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RouteIds))]
    public void The_ingress_admits_the_body_size_the_gateway_route_accepts(string routeId)
    {
        var route = GatewayRoutes().Single(r => r.Id == routeId);
        var path = Regex.Replace(Regex.Replace(route.Path, @"\{\*\*[^}]+\}", "probe/m-1"), @"\{[^}]+\}", "m-1");

        var served = ServingPath(path);

        Assert.True(served.Limit == route.Limit,
            $"{routeId} ({path}) accepts {route.Limit} bytes at the gateway, but Ingress {served.Ingress} ({served.PathType} {served.Path}) lets {served.Limit} through");
    }

    [Fact]
    public void Every_ingress_states_its_body_limit()
    {
        var ingresses = Ingresses().ToList();

        Assert.NotEmpty(ingresses);
        Assert.All(ingresses, i => Assert.True(i.Root.Str("metadata", "annotations", BodySize) is not null, $"{i} leaves nginx's default body limit"));
    }

    [Theory]
    [InlineData("k8s/overlays/dev")]
    [InlineData("k8s/overlays/prod")]
    public void The_overlay_sets_the_host_of_every_ingress(string overlay)
    {
        var patches = Manifests.KustomizationIn(overlay).Manifest.Root.Items("patches")
            .Where(p => p.Str("target", "kind") == "Ingress").ToList();

        var patch = Assert.Single(patches);
        Assert.Null(patch.Str("target", "name"));
    }

    /// <summary>The routes of the gateway's shipped configuration, each with its effective body limit.</summary>
    public static IReadOnlyList<GatewayRoute> GatewayRoutes()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Repository.Full("src/Gateway/appsettings.json")))!;
        var defaultLimit = settings["Gateway"]!["MaxRequestBodySize"]!.GetValue<long>();
        return
        [
            .. settings["ReverseProxy"]!["Routes"]!.AsObject().Select(route => new GatewayRoute(
                route.Key,
                route.Value!["Match"]!["Path"]!.GetValue<string>(),
                route.Value["MaxRequestBodySize"]?.GetValue<long>() ?? defaultLimit)),
        ];
    }

    /// <summary>The Ingress path nginx picks for a request path: an Exact match, else the longest Prefix match.</summary>
    private static IngressPath ServingPath(string requestPath)
    {
        var paths = Ingresses().SelectMany(i => i.Root.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Select(p => new IngressPath(
            i.Name!, p.Str("path")!, p.Str("pathType")!, ParseSize(i.Root.Str("metadata", "annotations", BodySize))))).ToList();
        var exact = paths.Where(p => p.PathType == "Exact" && p.Path == requestPath).ToList();
        if (exact.Count > 0)
        {
            return Assert.Single(exact);
        }
        return paths.Where(p => p.PathType == "Prefix" && IsPrefix(p.Path, requestPath))
            .OrderByDescending(p => p.Path.Length)
            .First();
    }

    private static bool IsPrefix(string prefix, string path) =>
        prefix == "/" || path == prefix || path.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static IEnumerable<Manifest> Ingresses() =>
        Manifests.ResourcesUnder("k8s/components/ingress").Where(m => m.Kind == "Ingress");

    /// <summary>nginx sizes: bytes, or k/m/g (binary multiples); absent means nginx's 1m.</summary>
    private static long ParseSize(string? size)
    {
        if (size is null)
        {
            return NginxDefault;
        }
        var match = Regex.Match(size, "^([0-9]+)([kKmMgG]?)$");
        Assert.True(match.Success, $"unreadable proxy-body-size '{size}'");
        var value = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" => value * 1024,
            "M" => value * 1024 * 1024,
            "G" => value * 1024 * 1024 * 1024,
            _ => value,
        };
    }
}
