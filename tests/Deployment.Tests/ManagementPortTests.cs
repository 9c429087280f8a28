using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// Health and metrics live on each service's management port (<c>Management__Port</c>): the probes and the scraper
/// use it, and nothing public (a Service, the Ingress, the gateway's forwarding, the ingress controller's network
/// path) reaches it.
/// </summary>
public class ManagementPortTests
{
    private const string Base = "k8s/base";

    private static readonly string[] Services = ["gateway", "inventory", "assessment", "findings", "monitoring"];

    public static TheoryData<string> PlatformServices() => [.. Services];

    [Theory]
    [MemberData(nameof(PlatformServices))]
    public void The_service_listens_on_its_management_port_apart_from_its_api(string name)
    {
        var config = Config(name);
        var management = ManagementPort(name);

        Assert.Equal(management, PortOf(config["Kestrel__Endpoints__Management__Url"]));
        Assert.NotEqual(management, PortOf(config["Kestrel__Endpoints__Http__Url"]));
        Assert.Contains(Container(name).Items("ports"), p => p.Str("name") == "management" && p.Str("containerPort") == management.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(PlatformServices))]
    public void Probes_and_the_scraper_use_the_management_port(string name)
    {
        var management = ManagementPort(name);
        var container = Container(name);

        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.True(ContainerPort(container, container.Str(probe, "httpGet", "port")) == management, $"{name} {probe} is not on the management port");
        }
        Assert.Equal(management.ToString(CultureInfo.InvariantCulture), Deployment(name).PodMetadata.Str("annotations", "prometheus.io/port"));
    }

    [Theory]
    [MemberData(nameof(PlatformServices))]
    public void No_service_object_exposes_the_management_port(string name)
    {
        var management = ManagementPort(name);
        var container = Container(name);
        var services = Manifests.Resources.Where(m => m.Kind == "Service" && m.Root.Str("spec", "selector", "app.kubernetes.io/name") == name).ToList();

        Assert.NotEmpty(services);
        Assert.All(services.SelectMany(s => s.Root.Items("spec", "ports")), port =>
            Assert.NotEqual(management, ContainerPort(container, port.Str("targetPort") ?? port.Str("port"))));
    }

    [Fact]
    public void The_ingress_and_the_gateway_forward_only_to_api_ports()
    {
        var ingresses = Manifests.ResourcesUnder("k8s/components/ingress").Where(m => m.Kind == "Ingress").ToList();
        var backends = ingresses.SelectMany(i => i.Root.Items("spec", "rules")).SelectMany(r => r.Items("http", "paths")).Select(p => p.At("backend", "service")).ToList();
        var destinations = Config("gateway").Where(kv => kv.Key.StartsWith("ReverseProxy__Clusters__", StringComparison.Ordinal) && kv.Key.EndsWith("__Address", StringComparison.Ordinal))
            .Select(kv => new Uri(kv.Value)).ToList();

        Assert.NotEmpty(backends);
        Assert.All(backends, backend => Assert.NotEqual(ManagementPort(backend.Str("name")!), ServiceTargetPort(backend.Str("name")!, backend.Str("port", "name") ?? backend.Str("port", "number")!)));
        Assert.Equal(["assessment", "findings", "inventory", "monitoring"], destinations.Select(d => d.Host).Order());
        Assert.All(destinations, destination =>
            Assert.NotEqual(ManagementPort(destination.Host), ServiceTargetPort(destination.Host, destination.Port.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Only_the_monitoring_namespace_may_reach_a_management_port()
    {
        var management = Services.Select(ManagementPort).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        var rules = Manifests.ResourcesUnder("k8s/components/network-policies").Where(m => m.Kind == "NetworkPolicy")
            .SelectMany(p => p.Root.Items("spec", "ingress"))
            .Where(rule => rule.Items("ports").Any(p => management.Contains(p.Str("port")!)))
            .ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.All(rule.Items("from"), from =>
        {
            Assert.Equal("monitoring", from.Str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
            Assert.Null(from["podSelector"]);
        }));
    }

    private static IReadOnlyDictionary<string, string> Config(string name) => Manifests.KustomizationIn(Base).ConfigLiterals($"{name}-config");

    private static int ManagementPort(string name) => int.Parse(Config(name)["Management__Port"], CultureInfo.InvariantCulture);

    private static int PortOf(string kestrelUrl) => new Uri(kestrelUrl.Replace("+", "localhost", StringComparison.Ordinal)).Port;

    private static Workload Deployment(string name) =>
        Manifests.Workloads.Single(w => w.Manifest.Kind == "Deployment" && w.Manifest.Name == name && w.Manifest.File.StartsWith(Base + "/", StringComparison.Ordinal));

    private static JsonNode Container(string name) => Deployment(name).PodSpec.Items("containers").Single();

    /// <summary>A port given by name or number, resolved against the container's declared ports.</summary>
    private static int ContainerPort(JsonNode container, string? nameOrNumber)
    {
        Assert.NotNull(nameOrNumber);
        return int.TryParse(nameOrNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : int.Parse(container.Items("ports").Single(p => p.Str("name") == nameOrNumber).Str("containerPort")!, CultureInfo.InvariantCulture);
    }

    /// <summary>The container port a Service's port (by name or number) sends to.</summary>
    private static int ServiceTargetPort(string service, string port)
    {
        var ports = Manifests.Find("Service", service, Base).Root.Items("spec", "ports");
        var match = ports.Single(p => p.Str("name") == port || p.Str("port") == port);
        return ContainerPort(Container(service), match.Str("targetPort") ?? match.Str("port"));
    }
}
