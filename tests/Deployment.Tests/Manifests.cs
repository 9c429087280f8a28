using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ModelRisk.Deployment.Tests;

/// <summary>One YAML document of a file under k8s/, converted to JSON nodes (every scalar a string).</summary>
public sealed record Manifest(string File, JsonObject Root)
{
    public string? Kind => Root.Str("kind");

    public string? Name => Root.Str("metadata", "name");

    public override string ToString() => $"{File}#{Kind}/{Name}";
}

/// <summary>A pod template found in a workload manifest (Deployment, StatefulSet, Job, CronJob, DaemonSet).</summary>
public sealed record Workload(Manifest Manifest, JsonObject PodMetadata, JsonObject PodSpec)
{
    public IEnumerable<JsonObject> Containers =>
        PodSpec.Items("initContainers").Concat(PodSpec.Items("containers")).OfType<JsonObject>();

    public override string ToString() => Manifest.ToString();
}

/// <summary>Every YAML file under k8s/, split into kustomizations, patches and the resources a reviewer checks.</summary>
public static class Manifests
{
    public static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "Job", "CronJob", "DaemonSet"];

    private static readonly Lazy<IReadOnlyList<Manifest>> LazyAll = new(LoadAll);

    /// <summary>Every document of every .yaml/.yml file under k8s/.</summary>
    public static IReadOnlyList<Manifest> All => LazyAll.Value;

    public static IEnumerable<Kustomization> Kustomizations =>
        All.Where(m => Path.GetFileName(m.File) == "kustomization.yaml").Select(m => new Kustomization(m));

    /// <summary>Full paths of the files some kustomization applies as patches: partial objects, not resources.</summary>
    public static IReadOnlySet<string> PatchFiles =>
        Kustomizations.SelectMany(k => k.Patches).ToHashSet(StringComparer.Ordinal);

    /// <summary>Complete Kubernetes objects: neither a kustomization nor a patch.</summary>
    public static IEnumerable<Manifest> Resources
    {
        get
        {
            var patches = PatchFiles;
            return All.Where(m => Path.GetFileName(m.File) != "kustomization.yaml" && !patches.Contains(Repository.Full(m.File)));
        }
    }

    public static IEnumerable<Manifest> ResourcesUnder(string relativeFolder) =>
        Resources.Where(m => m.File.StartsWith(relativeFolder.TrimEnd('/') + "/", StringComparison.Ordinal));

    public static IEnumerable<Workload> Workloads =>
        Resources.Where(m => WorkloadKinds.Contains(m.Kind)).Select(ToWorkload);

    public static Kustomization KustomizationIn(string relativeFolder) =>
        Kustomizations.Single(k => k.Folder == Repository.Full(relativeFolder));

    public static Manifest Find(string kind, string name, string relativeFolder) =>
        ResourcesUnder(relativeFolder).Single(m => m.Kind == kind && m.Name == name);

    private static Workload ToWorkload(Manifest manifest)
    {
        var template = manifest.Kind == "CronJob"
            ? manifest.Root.At("spec", "jobTemplate", "spec", "template")
            : manifest.Root.At("spec", "template");
        var metadata = template.At("metadata") as JsonObject ?? [];
        var spec = template.At("spec") as JsonObject
            ?? throw new InvalidOperationException($"{manifest} has no pod template spec");
        return new Workload(manifest, metadata, spec);
    }

    private static List<Manifest> LoadAll()
    {
        var files = Directory.EnumerateFiles(Repository.K8s, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var manifests = new List<Manifest>();
        foreach (var file in files)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }
            foreach (var document in stream.Documents)
            {
                if (ToNode(document.RootNode) is JsonObject root)
                {
                    manifests.Add(new Manifest(Repository.Relative(file), root));
                }
            }
        }
        return manifests;
    }

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        // A duplicate key throws here, as it should: kubectl would silently keep one of them.
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToNode(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToNode).ToArray()),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}

/// <summary>A kustomization.yaml (Kustomization or Component) and the paths it names, resolved to full paths.</summary>
public sealed record Kustomization(Manifest Manifest)
{
    public string Folder => Path.GetDirectoryName(Repository.Full(Manifest.File))!;

    public bool IsComponent => Manifest.Kind == "Component";

    public IEnumerable<string> Resources => Manifest.Root.Strings("resources").Select(Resolve);

    public IEnumerable<string> Components => Manifest.Root.Strings("components").Select(Resolve);

    public IEnumerable<string> Patches =>
        Manifest.Root.Items("patches").Select(p => p.Str("path")).OfType<string>()
            .Concat(Manifest.Root.Strings("patchesStrategicMerge"))
            .Select(Resolve);

    /// <summary>Files read by config map and secret generators (the part after "key=" when one is given).</summary>
    public IEnumerable<string> GeneratorFiles =>
        Generators("configMapGenerator").Concat(Generators("secretGenerator"))
            .SelectMany(g => g.Strings("files").Concat(g.Strings("envs")))
            .Select(f => Resolve(f.Contains('=', StringComparison.Ordinal) ? f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..] : f));

    public IEnumerable<JsonNode> Generators(string kind) => Manifest.Root.Items(kind);

    public IEnumerable<string> SecretGeneratorNames => Generators("secretGenerator").Select(g => g.Str("name")).OfType<string>();

    /// <summary>The literals of the named config map generator, as key → value.</summary>
    public IReadOnlyDictionary<string, string> ConfigLiterals(string name) =>
        Generators("configMapGenerator").Where(g => g.Str("name") == name)
            .SelectMany(g => g.Strings("literals"))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal);

    private string Resolve(string relative) => Path.GetFullPath(Path.Combine(Folder, relative));

    public override string ToString() => Manifest.File;
}
