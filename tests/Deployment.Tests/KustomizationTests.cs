namespace ModelRisk.Deployment.Tests;

/// <summary>The kustomize tree holds together: what a kustomization names exists, and nothing is left unused.</summary>
public class KustomizationTests
{
    public static TheoryData<string> KustomizationFiles() => [.. Manifests.Kustomizations.Select(k => k.Manifest.File)];

    [Fact]
    public void The_expected_entry_points_exist()
    {
        var folders = Manifests.Kustomizations.Select(k => Repository.Relative(k.Folder)).ToHashSet();

        foreach (var expected in new[]
                 {
                     "k8s/base", "k8s/overlays/dev", "k8s/overlays/prod",
                     "k8s/components/network-policies", "k8s/components/rabbitmq", "k8s/components/sqlserver",
                     "k8s/components/keycloak", "k8s/components/ingress", "k8s/components/minio", "k8s/components/observability",
                 })
        {
            Assert.Contains(expected, folders);
        }
        Assert.All(Manifests.Kustomizations.Where(k => Repository.Relative(k.Folder).StartsWith("k8s/components/", StringComparison.Ordinal)),
            k => Assert.True(k.IsComponent, $"{k} must be kind: Component to be used under components:"));
    }

    [Theory]
    [MemberData(nameof(KustomizationFiles))]
    public void Every_path_a_kustomization_names_exists(string file)
    {
        var kustomization = Manifests.Kustomizations.Single(k => k.Manifest.File == file);

        foreach (var resource in kustomization.Resources)
        {
            Assert.True(File.Exists(resource) || File.Exists(Path.Combine(resource, "kustomization.yaml")),
                $"{file} lists resource {Repository.Relative(resource)}, which is neither a file nor a kustomization folder");
        }
        foreach (var component in kustomization.Components)
        {
            var componentFile = Path.Combine(component, "kustomization.yaml");
            Assert.True(File.Exists(componentFile), $"{file} lists component {Repository.Relative(component)} without a kustomization.yaml");
            Assert.True(Manifests.Kustomizations.Single(k => k.Folder == component).IsComponent,
                $"{Repository.Relative(componentFile)} is listed under components: but is not kind: Component");
        }
        foreach (var path in kustomization.Patches.Concat(kustomization.GeneratorFiles))
        {
            Assert.True(File.Exists(path), $"{file} names {Repository.Relative(path)}, which does not exist");
        }
    }

    [Fact]
    public void Every_file_under_k8s_is_used_by_some_kustomization()
    {
        var used = Manifests.Kustomizations
            .SelectMany(k => k.Resources.Concat(k.Patches).Concat(k.GeneratorFiles))
            .ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(Repository.K8s, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("kustomization.yaml" or "README.md"));

        var unused = files.Where(f => !used.Contains(Path.GetFullPath(f))).Select(Repository.Relative).ToList();

        Assert.True(unused.Count == 0, "Files no kustomization applies (forgotten in resources:?): " + string.Join(", ", unused));
    }

    [Fact]
    public void Every_resource_has_an_api_version_kind_and_name()
    {
        Assert.All(Manifests.Resources, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.Root.Str("apiVersion")), $"{m} has no apiVersion");
            Assert.False(string.IsNullOrEmpty(m.Kind), $"{m.File} has a document without kind");
            Assert.False(string.IsNullOrEmpty(m.Name), $"{m.File} has a {m.Kind} without metadata.name");
        });
    }

    [Fact]
    public void Images_name_no_registry_host()
    {
        // Registries are chosen per environment in the overlays' images: blocks, never hardcoded.
        var images = Manifests.Workloads
            .Where(w => !w.Manifest.File.StartsWith("k8s/overlays/", StringComparison.Ordinal))
            .SelectMany(w => w.Containers.Select(c => (Workload: w, Image: c.Str("image") ?? "")))
            .ToList();

        Assert.NotEmpty(images);
        Assert.All(images, i =>
        {
            var first = i.Image.Split('/')[0];
            var namesHost = i.Image.Contains('/', StringComparison.Ordinal)
                && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost");
            Assert.False(namesHost, $"{i.Workload} uses image {i.Image}, which names a registry host");
        });
    }

    [Fact]
    public void The_dev_identity_image_is_never_deployed()
    {
        var offenders = Manifests.All.Where(m => m.Root.ToJsonString().Contains("dev-identity", StringComparison.Ordinal)).ToList();

        Assert.True(offenders.Count == 0, "dev-identity is for local runs only: " + string.Join(", ", offenders));
    }
}
