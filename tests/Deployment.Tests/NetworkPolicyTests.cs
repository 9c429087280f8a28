using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>The network-policies component denies everything, then opens exactly the paths the platform uses.</summary>
public class NetworkPolicyTests
{
    private const string Component = "k8s/components/network-policies";

    /// <summary>The policies the component actually applies: a file it does not list protects nothing.</summary>
    private static List<Manifest> Policies
    {
        get
        {
            var listed = Manifests.KustomizationIn(Component).Resources.ToHashSet(StringComparer.Ordinal);
            return Manifests.ResourcesUnder(Component).Where(m => m.Kind == "NetworkPolicy" && listed.Contains(Repository.Full(m.File))).ToList();
        }
    }

    [Fact]
    public void A_default_deny_policy_covers_every_pod_in_both_directions()
    {
        Assert.Contains(Policies, p =>
            p.Root.At("spec", "podSelector") is JsonObject { Count: 0 }
            && p.Root.Strings("spec", "policyTypes").Order().SequenceEqual(["Egress", "Ingress"])
            && !p.Root.Items("spec", "ingress").Any()
            && !p.Root.Items("spec", "egress").Any());
    }

    [Fact]
    public void Dns_egress_is_allowed_to_kube_dns()
    {
        Assert.Contains(Policies, p =>
            p.Root.At("spec", "podSelector") is JsonObject { Count: 0 }
            && p.Root.Items("spec", "egress").Any(rule =>
                rule.Items("to").Any(to => to.Str("podSelector", "matchLabels", "k8s-app") == "kube-dns")
                && rule.Items("ports").Any(port => port.Str("port") == "53" && port.Str("protocol") == "UDP")));
    }

    [Fact]
    public void Only_the_ingress_controller_reaches_the_gateway()
    {
        var rules = IngressRulesFor("gateway").ToList();

        Assert.Contains(rules, r => r.Items("from").Any(f => f["namespaceSelector"] is not null) && Ports(r).Contains("8080"));
    }

    [Fact]
    public void The_gateway_reaches_inventory_on_8080_and_inventory_admits_it()
    {
        Assert.Contains(EgressRulesFor("gateway"), r => Targets(r).Contains("inventory") && Ports(r).Contains("8080"));
        Assert.Contains(IngressRulesFor("inventory"), r =>
            r.Items("from").Any(f => f.Str("podSelector", "matchLabels", "app.kubernetes.io/name") == "gateway") && Ports(r).Contains("8080"));
    }

    [Fact]
    public void The_gateway_reaches_assessment_on_8080_and_assessment_admits_it()
    {
        Assert.Contains(EgressRulesFor("gateway"), r => Targets(r).Contains("assessment") && Ports(r).Contains("8080"));
        Assert.Contains(IngressRulesFor("assessment"), r =>
            r.Items("from").Any(f => f.Str("podSelector", "matchLabels", "app.kubernetes.io/name") == "gateway") && Ports(r).Contains("8080"));
    }

    [Fact]
    public void The_gateway_reaches_findings_on_8080_and_findings_admits_it()
    {
        Assert.Contains(EgressRulesFor("gateway"), r => Targets(r).Contains("findings") && Ports(r).Contains("8080"));
        Assert.Contains(IngressRulesFor("findings"), r =>
            r.Items("from").Any(f => f.Str("podSelector", "matchLabels", "app.kubernetes.io/name") == "gateway") && Ports(r).Contains("8080"));
    }

    [Fact]
    public void The_gateway_reaches_monitoring_on_8080_and_only_the_gateway_is_admitted_there()
    {
        Assert.Contains(EgressRulesFor("gateway"), r => Targets(r).Contains("monitoring") && Ports(r).Contains("8080"));
        var admitted = IngressRulesFor("monitoring").ToList();
        Assert.NotEmpty(admitted);
        Assert.All(admitted, r => Assert.Equal(["gateway"], r.Items("from").Select(f => f.Str("podSelector", "matchLabels", "app.kubernetes.io/name"))));
        Assert.All(admitted, r => Assert.Equal(["8080"], Ports(r)));
    }

    [Fact]
    public void Nothing_calls_the_validation_workers_directly()
    {
        var rules = IngressRulesFor("validation-worker").ToList();

        Assert.Contains(Policies, p => p.Root.Str("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == "validation-worker"
            && p.Root.Strings("spec", "policyTypes").Contains("Ingress"));
        Assert.Empty(rules);
        Assert.DoesNotContain(Policies.SelectMany(p => p.Root.Items("spec", "egress")), r => Targets(r).Contains("validation-worker"));
    }

    [Fact]
    public void Prometheus_may_scrape_every_platform_workload_with_a_management_port()
    {
        var scraped = Policies.Where(p => p.Root.Items("spec", "ingress").Any(r =>
                r.Items("from").Any(f => f.Str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") == "monitoring") && Ports(r).Contains("8090")))
            .SelectMany(p => p.Root.Items("spec", "podSelector", "matchExpressions")
                .Where(e => e.Str("key") == "app.kubernetes.io/name" && e.Str("operator") == "In")
                .SelectMany(e => e.Strings("values")))
            .ToHashSet(StringComparer.Ordinal);
        var withManagement = Manifests.Workloads.Where(w => w.Manifest.Kind == "Deployment"
                && w.Containers.Any(c => c.Items("ports").Any(p => p.Str("name") == "management")))
            .Select(w => w.PodMetadata.Str("labels", "app.kubernetes.io/name")!).ToList();

        Assert.Contains("monitoring", withManagement);
        Assert.All(withManagement, app => Assert.True(scraped.Contains(app), $"{app} exposes /metrics on 8090 but no policy lets Prometheus reach it"));
    }

    [Theory]
    [InlineData("findings")]
    [InlineData("monitoring")]
    public void A_webhook_sender_calls_out_over_https_only_outside_the_clusters_private_ranges(string app)
    {
        var webhooks = EgressRulesFor(app).Where(r => r.Items("to").Any(t => t.Str("ipBlock", "cidr") == "0.0.0.0/0")).ToList();
        var rule = Assert.Single(webhooks);
        Assert.Equal(["443"], Ports(rule));
        var except = rule.Items("to").Single().Strings("ipBlock", "except").ToList();
        Assert.Contains("10.0.0.0/8", except);
        Assert.Contains("169.254.0.0/16", except);
    }

    [Fact]
    public void Assessment_reaches_inventorys_grpc_port_and_only_assessment_is_admitted_there()
    {
        Assert.Contains(EgressRulesFor("assessment"), r => Targets(r).Contains("inventory") && Ports(r).Contains("8081"));
        var grpc = IngressRulesFor("inventory").Where(r => Ports(r).Contains("8081")).ToList();
        Assert.NotEmpty(grpc);
        Assert.All(grpc, r => Assert.Equal(["assessment"], r.Items("from").Select(f => f.Str("podSelector", "matchLabels", "app.kubernetes.io/name"))));
    }

    [Theory]
    [InlineData("rabbitmq", "5672")]
    [InlineData("sqlserver", "1433")]
    [InlineData("keycloak", "8080")]
    public void Services_reach_the_backing_service_and_it_admits_them(string target, string port)
    {
        var services = Policies.Where(p => p.Root.Str("spec", "podSelector", "matchLabels", "model-risk.io/workload") == "service");

        Assert.Contains(services.SelectMany(p => p.Root.Items("spec", "egress")), r => Targets(r).Contains(target) && Ports(r).Contains(port));
        Assert.Contains(IngressRulesFor(target), r =>
            r.Items("from").Any(f => f.Str("podSelector", "matchLabels", "model-risk.io/workload") == "service") && Ports(r).Contains(port));
    }

    [Theory]
    [InlineData("assessment")]
    [InlineData("validation-worker")]
    [InlineData("monitoring")]
    public void The_dataset_users_reach_minio_and_minio_admits_only_them(string app)
    {
        Assert.Contains(EgressRulesFor(app), r => Targets(r).Contains("minio") && Ports(r).Contains("9000"));
        var admitted = IngressRulesFor("minio").ToList();
        Assert.Contains(admitted, r => r.Items("from").Any(f => f.Str("podSelector", "matchLabels", "app.kubernetes.io/name") == app) && Ports(r).Contains("9000"));
        Assert.All(admitted, r => Assert.All(r.Items("from"), f =>
            Assert.Contains(f.Str("podSelector", "matchLabels", "app.kubernetes.io/name"), new[] { "assessment", "validation-worker", "monitoring" })));
    }

    [Fact]
    public void Every_platform_pod_carries_the_label_the_policies_select()
    {
        var platform = Manifests.Workloads.Where(w => w.PodSpec.Items("containers").Any(c => c.Str("image")?.StartsWith("model-risk/", StringComparison.Ordinal) == true)).ToList();

        Assert.NotEmpty(platform);
        Assert.All(platform, w => Assert.Equal("service", w.PodMetadata.Str("labels", "model-risk.io/workload")));
    }

    private static IEnumerable<JsonNode> IngressRulesFor(string app) =>
        Policies.Where(p => p.Root.Str("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == app)
            .SelectMany(p => p.Root.Items("spec", "ingress"));

    private static IEnumerable<JsonNode> EgressRulesFor(string app) =>
        Policies.Where(p => p.Root.Str("spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == app)
            .SelectMany(p => p.Root.Items("spec", "egress"));

    private static List<string?> Targets(JsonNode rule) =>
        rule.Items("to").Select(t => t.Str("podSelector", "matchLabels", "app.kubernetes.io/name")).ToList();

    private static List<string?> Ports(JsonNode rule) => rule.Items("ports").Select(p => p.Str("port")).ToList();
}
