using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>Secrets stay out of the shared manifests; dev is complete on its own; prod is scaled and strict.</summary>
public class OverlayTests
{
    private const string Dev = "k8s/overlays/dev";
    private const string Prod = "k8s/overlays/prod";

    private static readonly string[] CredentialKeys = ["password", "cookie", "secret", "connection-string"];

    public static TheoryData<string> SharedFolders() => ["k8s/base", "k8s/components", Prod];

    [Theory]
    [MemberData(nameof(SharedFolders))]
    public void No_secret_value_is_committed_outside_the_dev_overlay(string folder)
    {
        var secrets = Manifests.ResourcesUnder(folder).Where(m => m.Kind == "Secret").ToList();
        var generators = Manifests.Kustomizations.Where(k => Repository.Relative(k.Folder).StartsWith(folder, StringComparison.Ordinal))
            .Where(k => k.Generators("secretGenerator").Any()).ToList();

        Assert.All(secrets, s => Assert.True(s.Root["data"] is null && s.Root["stringData"] is null, $"{s} carries data"));
        Assert.True(generators.Count == 0, $"secretGenerator outside the dev overlay: {string.Join(", ", generators)}");
    }

    [Fact]
    public void The_dev_overlay_generates_every_secret_its_workloads_reference()
    {
        var dev = Manifests.KustomizationIn(Dev);
        var referenced = ReferencedSecrets(Included(dev));

        Assert.NotEmpty(referenced);
        Assert.Empty(referenced.Except(dev.SecretGeneratorNames));
        var credentials = dev.Generators("secretGenerator").SelectMany(g => g.Strings("literals"))
            .Where(l => CredentialKeys.Any(k => l.Split('=', 2)[0].Contains(k, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(credentials);
        Assert.All(credentials, literal => Assert.Contains("dev", literal, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_prod_overlay_documents_every_secret_its_workloads_reference()
    {
        var prod = Manifests.KustomizationIn(Prod);
        var text = File.ReadAllText(Repository.Full(prod.Manifest.File));

        Assert.All(ReferencedSecrets(Included(prod)), name => Assert.Contains($"#   {name} ", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Prod_uses_external_sql_server_and_keycloak_and_requires_https_metadata()
    {
        var prod = Manifests.KustomizationIn(Prod);
        var components = prod.Components.Select(Repository.Relative).ToList();

        Assert.DoesNotContain("k8s/components/sqlserver", components);
        Assert.DoesNotContain("k8s/components/keycloak", components);
        Assert.Contains("k8s/components/network-policies", components);
        Assert.Contains("k8s/components/rabbitmq", components);
        Assert.Contains("k8s/components/ingress", components);
        Assert.Contains("k8s/components/minio", components);
        Assert.Equal("true", prod.ConfigLiterals("gateway-config")["Identity__RequireHttpsMetadata"]);
        Assert.Equal("true", prod.ConfigLiterals("inventory-config")["Identity__RequireHttpsMetadata"]);
    }

    [Fact]
    public void Dev_includes_every_component()
    {
        var components = Manifests.KustomizationIn(Dev).Components.Select(Repository.Relative).Order().ToList();

        Assert.Equal(
            ["k8s/components/ingress", "k8s/components/keycloak", "k8s/components/minio", "k8s/components/network-policies", "k8s/components/rabbitmq", "k8s/components/sqlserver"],
            components);
    }

    [Theory]
    [InlineData(Dev, "1")]
    [InlineData(Prod, "3")]
    public void Overlay_sets_the_replicas_of_each_service(string overlay, string count)
    {
        var replicas = Manifests.KustomizationIn(overlay).Manifest.Root.Items("replicas").ToDictionary(r => r.Str("name")!, r => r.Str("count"));

        Assert.Equal(count, replicas["gateway"]);
        Assert.Equal(count, replicas["inventory"]);
        Assert.Equal(count, replicas["assessment"]);
        Assert.Equal(count, replicas["findings"]);
        Assert.Equal(count, replicas["monitoring"]);
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("inventory")]
    [InlineData("assessment")]
    [InlineData("findings")]
    [InlineData("monitoring")]
    public void Prod_autoscales_higher_than_dev_and_never_below_its_replicas(string name)
    {
        var dev = HpaPatch(Dev, name);
        var prod = HpaPatch(Prod, name);

        Assert.Equal(3, int.Parse(prod.Str("spec", "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(int.Parse(prod.Str("spec", "maxReplicas")!, System.Globalization.CultureInfo.InvariantCulture)
            > int.Parse(dev.Str("spec", "maxReplicas")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Overlay_tells_the_gateway_which_network_its_ingress_controller_forwards_from(string overlay)
    {
        var literals = Manifests.KustomizationIn(overlay).ConfigLiterals("gateway-config");

        Assert.True(literals.TryGetValue("Gateway__TrustedProxies__0", out var network), $"{overlay} leaves anonymous callers in one rate-limit bucket");
        Assert.True(System.Net.IPNetwork.TryParse(network, out _), $"{network} is not a CIDR network");
    }

    private static JsonObject HpaPatch(string overlay, string name) =>
        Manifests.Kustomizations.Single(k => k.Folder == Repository.Full(overlay)).Patches
            .SelectMany(p => Manifests.All.Where(m => Repository.Full(m.File) == p))
            .Single(m => m.Kind == "HorizontalPodAutoscaler" && m.Name == name).Root;

    /// <summary>The folders an overlay builds from: its own, its resources' and its components'.</summary>
    private static List<string> Included(Kustomization overlay) =>
        [overlay.Folder, .. overlay.Resources.Where(Directory.Exists), .. overlay.Components];

    private static HashSet<string> ReferencedSecrets(List<string> folders)
    {
        var workloads = Manifests.Workloads.Where(w => folders.Any(f => Path.GetDirectoryName(Repository.Full(w.Manifest.File))!.StartsWith(f, StringComparison.Ordinal)));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            foreach (var container in workload.Containers)
            {
                names.UnionWith(container.Items("env").Select(e => e.Str("valueFrom", "secretKeyRef", "name")).OfType<string>());
                names.UnionWith(container.Items("envFrom").Select(e => e.Str("secretRef", "name")).OfType<string>());
            }
            foreach (var volume in workload.PodSpec.Items("volumes"))
            {
                names.UnionWith(new[] { volume.Str("secret", "secretName") }.OfType<string>());
                names.UnionWith(volume.Items("projected", "sources").Select(s => s.Str("secret", "name")).OfType<string>());
            }
        }
        return names;
    }
}
