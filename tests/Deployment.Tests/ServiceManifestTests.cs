using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>The gateway and Inventory manifests match what the services expect: ports, probes, configuration, migrations.</summary>
public class ServiceManifestTests
{
    private const string Base = "k8s/base";

    public static TheoryData<string> Deployments() =>
        [.. Manifests.Workloads.Where(w => w.Manifest.Kind == "Deployment").Select(w => w.ToString())];

    public static TheoryData<string> PlatformServices() => ["gateway", "inventory", "assessment", "findings", "monitoring"];

    /// <summary>The services with a database of their own: each migrates it in a Job before its Deployment rolls out.</summary>
    public static TheoryData<string> DatabaseServices() => ["inventory", "assessment", "findings", "monitoring"];

    /// <summary>What reaches the dataset store, each with an S3 key pair of its own.</summary>
    public static TheoryData<string> DatasetStoreUsers() => ["assessment", "validation-worker", "monitoring"];

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Deployment_containers_have_readiness_and_liveness_probes(string id)
    {
        var workload = Manifests.Workloads.Single(w => w.ToString() == id);

        Assert.All(workload.PodSpec.Items("containers"), c =>
        {
            Assert.NotNull(c["readinessProbe"]);
            Assert.NotNull(c["livenessProbe"]);
        });
    }

    [Theory]
    [MemberData(nameof(PlatformServices))]
    public void Service_probes_its_health_endpoints_and_is_scraped(string name)
    {
        var workload = Deployment(name);
        var container = workload.PodSpec.Items("containers").OfType<JsonObject>().Single();

        Assert.Equal($"model-risk/{name}", container.Str("image"));
        Assert.Contains(container.Items("ports"), p => p.Str("containerPort") == "8080" && p.Str("name") == "http");
        Assert.Equal("/health", container.Str("readinessProbe", "httpGet", "path"));
        Assert.Equal("/alive", container.Str("livenessProbe", "httpGet", "path"));
        Assert.NotNull(container["startupProbe"]);
        // Which port: ManagementPortTests.
        Assert.Equal("true", workload.PodMetadata.Str("annotations", "prometheus.io/scrape"));
        Assert.Equal("/metrics", workload.PodMetadata.Str("annotations", "prometheus.io/path"));
        Assert.Equal("service", workload.PodMetadata.Str("labels", "model-risk.io/workload"));
    }

    [Theory]
    [MemberData(nameof(PlatformServices))]
    public void Service_is_spread_autoscaled_on_cpu_and_protected_from_disruption(string name)
    {
        var workload = Deployment(name);
        var topologyKeys = workload.PodSpec.Items("topologySpreadConstraints").Select(t => t.Str("topologyKey")).ToList();
        var hpa = Manifests.Find("HorizontalPodAutoscaler", name, Base);
        var pdb = Manifests.Find("PodDisruptionBudget", name, Base);

        Assert.Contains("topology.kubernetes.io/zone", topologyKeys);
        Assert.Contains("kubernetes.io/hostname", topologyKeys);
        Assert.Equal(name, hpa.Root.Str("spec", "scaleTargetRef", "name"));
        Assert.Contains(hpa.Root.Items("spec", "metrics"), m => m.Str("resource", "name") == "cpu");
        Assert.Equal(name, pdb.Root.Str("spec", "selector", "matchLabels", "app.kubernetes.io/name"));
    }

    [Fact]
    public void Inventory_serves_rest_on_8080_and_grpc_over_h2c_on_8081()
    {
        var service = Manifests.Find("Service", "inventory", Base);
        var ports = service.Root.Items("spec", "ports").ToList();

        Assert.Contains(ports, p => p.Str("port") == "8080" && p.Str("name") == "http");
        Assert.Contains(ports, p => p.Str("port") == "8081" && p.Str("appProtocol") == "kubernetes.io/h2c");
        Assert.Contains(Deployment("inventory").PodSpec.Items("containers").Single().Items("ports"), p => p.Str("containerPort") == "8081");
    }

    [Fact]
    public void Configuration_uses_the_keys_the_services_read()
    {
        var kustomization = Manifests.KustomizationIn(Base);
        var gateway = kustomization.ConfigLiterals("gateway-config");
        var inventory = kustomization.ConfigLiterals("inventory-config");

        Assert.Equal("http://inventory:8080/", gateway[InventoryDestinationKey()]);
        Assert.Equal("http://+:8080", inventory["Kestrel__Endpoints__Http__Url"]);
        Assert.Equal("http://+:8081", inventory["Kestrel__Endpoints__Grpc__Url"]);
        Assert.Equal("Http2", inventory["Kestrel__Endpoints__Grpc__Protocols"]);
        Assert.Equal("model-risk-api", gateway["Identity__Audience"]);
        Assert.Equal("model-risk-api", inventory["Identity__Audience"]);
        Assert.Equal("true", gateway["Identity__RequireHttpsMetadata"]);
        Assert.Equal("true", inventory["Identity__RequireHttpsMetadata"]);
        Assert.Equal("SqlServer", inventory["Database__Provider"]);
        Assert.Equal("true", inventory["Messaging__QuorumQueues"]);
        Assert.DoesNotContain(gateway.Keys.Concat(inventory.Keys), k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    [Fact]
    public void Assessment_keeps_datasets_in_the_s3_store_with_keys_from_a_secret()
    {
        var assessment = Manifests.KustomizationIn(Base).ConfigLiterals("assessment-config");
        var env = Deployment("assessment").PodSpec.Items("containers").Single().Items("env").ToList();

        Assert.Equal("S3", assessment["DatasetStorage__Kind"]);
        Assert.Equal("http://minio:9000", assessment["DatasetStorage__S3__ServiceUrl"]);
        Assert.False(string.IsNullOrEmpty(assessment["DatasetStorage__S3__Bucket"]));
        foreach (var (name, key) in new[] { ("DatasetStorage__S3__AccessKey", "access-key"), ("DatasetStorage__S3__SecretKey", "secret-key") })
        {
            var variable = Assert.Single(env, e => e.Str("name") == name);
            Assert.Equal(("assessment-dataset-store", key), (variable.Str("valueFrom", "secretKeyRef", "name"), variable.Str("valueFrom", "secretKeyRef", "key")));
        }
        var minio = Manifests.Workloads.Single(w => w.Manifest.Name == "minio");
        Assert.Equal("9000", Manifests.Resources.Single(m => m.Kind == "Service" && m.Name == "minio").Root.Items("spec", "ports").Single().Str("port"));
        Assert.All(new[] { "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD" }, name => Assert.Equal("minio-root",
            minio.Containers.Single().Items("env").Single(e => e.Str("name") == name).Str("valueFrom", "secretKeyRef", "name")));
        Assert.DoesNotContain(Manifests.ResourcesUnder("k8s/base"), m => m.Kind == "Secret");
    }

    [Theory]
    [InlineData("Deployment", "inventory", "inventory")]
    [InlineData("Job", "inventory-migrate", "inventory")]
    [InlineData("Deployment", "assessment", "assessment")]
    [InlineData("Job", "assessment-migrate", "assessment")]
    [InlineData("Deployment", "findings", "findings")]
    [InlineData("Job", "findings-migrate", "findings")]
    [InlineData("Deployment", "monitoring", "monitoring")]
    [InlineData("Job", "monitoring-migrate", "monitoring")]
    public void A_service_reads_its_connection_strings_and_authority_from_its_own_secrets(string kind, string name, string service)
    {
        var workload = Manifests.Workloads.Single(w => w.Manifest.Kind == kind && w.Manifest.Name == name);
        var env = workload.PodSpec.Items("containers").Single().Items("env").ToList();

        Assert.Contains(env, e => e.Str("name") == $"ConnectionStrings__{service}-db" && e.Str("valueFrom", "secretKeyRef", "name") == $"{service}-db");
        Assert.Contains(env, e => e.Str("name") == "ConnectionStrings__rabbitmq" && e.Str("valueFrom", "secretKeyRef", "name") == $"{service}-rabbitmq");
        Assert.Contains(env, e => e.Str("name") == "Identity__Authority" && e.Str("valueFrom", "secretKeyRef", "name") == "identity-provider");
        var config = Manifests.KustomizationIn(Base).ConfigLiterals($"{service}-config");
        Assert.Equal("SqlServer", config["Database__Provider"]);
        Assert.Equal("true", config["Messaging__QuorumQueues"]);
        Assert.Equal("model-risk-api", config["Identity__Audience"]);
    }

    [Theory]
    [MemberData(nameof(DatasetStoreUsers))]
    public void Every_dataset_store_user_reaches_the_same_store_with_a_key_pair_of_its_own(string name)
    {
        var config = Manifests.KustomizationIn(Base).ConfigLiterals($"{name}-config");
        var reference = Manifests.KustomizationIn(Base).ConfigLiterals("assessment-config");
        var env = Deployment(name).PodSpec.Items("containers").Single().Items("env").ToList();

        foreach (var key in new[] { "DatasetStorage__Kind", "DatasetStorage__S3__ServiceUrl", "DatasetStorage__S3__Bucket" })
        {
            Assert.Equal(reference[key], config[key]);
        }
        foreach (var (variable, key) in new[] { ("DatasetStorage__S3__AccessKey", "access-key"), ("DatasetStorage__S3__SecretKey", "secret-key") })
        {
            var entry = Assert.Single(env, e => e.Str("name") == variable);
            Assert.Equal(($"{name}-dataset-store", key), (entry.Str("valueFrom", "secretKeyRef", "name"), entry.Str("valueFrom", "secretKeyRef", "key")));
        }
    }

    [Theory]
    [InlineData("findings")]
    [InlineData("monitoring")]
    public void A_service_that_sends_webhooks_signs_them_with_a_secret_of_its_own(string name)
    {
        var env = Deployment(name).PodSpec.Items("containers").Single().Items("env").ToList();
        var migration = Manifests.Workloads.Single(w => w.Manifest.Kind == "Job" && w.Manifest.Name == $"{name}-migrate").PodSpec.Items("containers").Single().Items("env");

        var secret = Assert.Single(env, e => e.Str("name") == "Webhooks__SigningSecret");
        Assert.Equal(($"{name}-webhook-secret", "signing-secret"), (secret.Str("valueFrom", "secretKeyRef", "name"), secret.Str("valueFrom", "secretKeyRef", "key")));
        Assert.DoesNotContain(migration, e => e.Str("name") == "Webhooks__SigningSecret");
    }

    [Fact]
    public void Gateway_forwards_to_the_inventory_service_by_its_name()
    {
        var address = new Uri(Manifests.KustomizationIn(Base).ConfigLiterals("gateway-config")[InventoryDestinationKey()]);
        var service = Manifests.Find("Service", address.Host, Base);

        Assert.Contains(service.Root.Items("spec", "ports"), p => p.Str("port") == address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_cluster_of_the_gateway_points_at_a_service_port_in_the_cluster()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Repository.Full("src/Gateway/appsettings.json")))!;
        var gateway = Manifests.KustomizationIn(Base).ConfigLiterals("gateway-config");
        var clusters = settings["ReverseProxy"]!["Clusters"]!.AsObject().ToList();

        Assert.Contains(clusters, c => c.Key == "monitoring");
        Assert.All(clusters, cluster =>
        {
            var destination = Assert.Single(cluster.Value!["Destinations"]!.AsObject()).Key;
            var key = $"ReverseProxy__Clusters__{cluster.Key}__Destinations__{destination}__Address";
            Assert.True(gateway.TryGetValue(key, out var value), $"gateway-config does not set {key}: the gateway would call http://{cluster.Key} on port 80");
            var address = new Uri(value);
            var service = Manifests.Find("Service", address.Host, Base);
            Assert.Contains(service.Root.Items("spec", "ports"), p => p.Str("port") == address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    /// <summary>
    /// The key that overrides the address of the destination the gateway's own appsettings.json declares for the
    /// inventory cluster: a key naming another destination would add a second, unreachable one instead.
    /// </summary>
    private static string InventoryDestinationKey()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Repository.Full("src/Gateway/appsettings.json")))!;
        var destinations = settings["ReverseProxy"]!["Clusters"]!["inventory"]!["Destinations"]!.AsObject();
        var name = Assert.Single(destinations).Key;
        return $"ReverseProxy__Clusters__inventory__Destinations__{name}__Address";
    }

    [Theory]
    [MemberData(nameof(DatabaseServices))]
    public void Migrations_run_as_a_job_in_base_ordered_before_the_service(string name)
    {
        var job = Manifests.Workloads.Single(w => w.Manifest.Kind == "Job" && w.Manifest.Name == $"{name}-migrate");
        var container = job.PodSpec.Items("containers").Single();
        var deployment = Manifests.Find("Deployment", name, Base);

        Assert.StartsWith(Base + "/", job.Manifest.File, StringComparison.Ordinal);
        Assert.Equal($"model-risk/{name}", container.Str("image"));
        Assert.Contains("--migrate", container.Strings("args"));
        Assert.Equal("Never", job.PodSpec.Str("restartPolicy"));
        Assert.Equal(name, job.PodSpec.Str("serviceAccountName"));
        var jobWave = int.Parse(job.Manifest.Root.Str("metadata", "annotations", "argocd.argoproj.io/sync-wave")!, System.Globalization.CultureInfo.InvariantCulture);
        var deploymentWave = int.Parse(deployment.Root.Str("metadata", "annotations", "argocd.argoproj.io/sync-wave")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(jobWave < deploymentWave, $"the migration Job must sync before the {name} Deployment");
    }

    [Fact]
    public void Rabbitmq_runs_three_nodes_with_quorum_queues_by_default()
    {
        var statefulSet = Manifests.Find("StatefulSet", "rabbitmq", "k8s/components/rabbitmq");
        var config = File.ReadAllLines(Repository.Full("k8s/components/rabbitmq/10-defaults.conf")).Select(l => l.Replace(" ", "", StringComparison.Ordinal));

        Assert.Equal("3", statefulSet.Root.Str("spec", "replicas"));
        Assert.Contains("default_queue_type=quorum", config);
    }

    [Fact]
    public void Keycloak_starts_with_the_realm_imported_from_the_shared_realm_file()
    {
        var keycloak = Manifests.Workloads.Single(w => w.Manifest.Kind == "Deployment" && w.Manifest.Name == "keycloak");
        var container = keycloak.PodSpec.Items("containers").Single();
        var generator = Manifests.KustomizationIn("k8s/components/keycloak").Generators("configMapGenerator")
            .Single(g => g.Strings("files").Contains("model-risk-realm.json"));
        var realmVolume = keycloak.PodSpec.Items("volumes").Single(v => v.Str("configMap", "name") == generator.Str("name"));

        Assert.Equal(["start", "--import-realm"], container.Strings("args").ToArray());
        Assert.Contains(container.Items("volumeMounts"), m => m.Str("name") == realmVolume.Str("name") && m.Str("mountPath") == "/opt/keycloak/data/import");
    }

    private static Workload Deployment(string name) =>
        Manifests.Workloads.Single(w => w.Manifest.Kind == "Deployment" && w.Manifest.Name == name && w.Manifest.File.StartsWith(Base + "/", StringComparison.Ordinal));
}
