using System.Text.Json.Nodes;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

/// <summary>
/// The routes as <c>src/Gateway/appsettings.json</c> ships them, read from the file so that tests generated from it
/// cover a route added tomorrow without anyone remembering to.
/// </summary>
public static class RouteTable
{
    public static readonly string[] WritingMethods = ["POST", "PUT", "PATCH", "DELETE"];

    public sealed record Route(string Id, string? Policy, string PathTemplate, IReadOnlyList<string> Methods, long? MaxRequestBodySize)
    {
        /// <summary>A concrete path this route matches: parameters filled in, a unique query to find it at the backend.</summary>
        public string SamplePath() =>
            System.Text.RegularExpressions.Regex.Replace(
                System.Text.RegularExpressions.Regex.Replace(PathTemplate, @"\{\*\*[^}]+\}", "probe/m-1"), @"\{[^}]+\}", "m-1")
            + $"?probe={Guid.NewGuid():N}";
    }

    public static JsonNode Settings() => JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("src/Gateway/appsettings.json")))!;

    public static IReadOnlyList<Route> Routes() =>
    [
        .. Settings()["ReverseProxy"]!["Routes"]!.AsObject().Select(route => new Route(
            route.Key,
            route.Value!["AuthorizationPolicy"]?.GetValue<string>(),
            route.Value["Match"]!["Path"]!.GetValue<string>(),
            route.Value["Match"]!["Methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? ["GET", .. WritingMethods],
            route.Value["MaxRequestBodySize"]?.GetValue<long>())),
    ];

    public static Route Get(string id) => Routes().Single(r => r.Id == id);
}
