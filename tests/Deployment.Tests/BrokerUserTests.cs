using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// Each service connects to RabbitMQ as its own user, limited to its own queues and the exchanges MassTransit uses;
/// the permissions are reviewable in the component, the passwords live only in the overlays; the broker is restarted
/// when its runtime stops answering.
/// </summary>
public class BrokerUserTests
{
    private const string Component = "k8s/components/rabbitmq";

    /// <summary>Every service the platform has or plans: none may touch another's queues.</summary>
    private static readonly string[] ServiceNames = ["inventory", "assessment", "validation-worker", "findings", "monitoring", "reporting"];

    public static TheoryData<string> BrokerClients() => [.. BrokerClientWorkloads().Select(w => w.Manifest.Name!).Distinct()];

    [Theory]
    [MemberData(nameof(BrokerClients))]
    public void The_dev_connection_string_of_a_service_uses_its_own_broker_user(string workload)
    {
        var (service, user) = DevBrokerUser(workload);

        Assert.Equal(service, user);
        Assert.Contains(Permissions(), p => p.Str("user") == user);
    }

    [Theory]
    [MemberData(nameof(BrokerClients))]
    public void A_service_user_reaches_its_own_queues_and_the_message_exchanges_and_nothing_of_another_service(string workload)
    {
        var (service, user) = DevBrokerUser(workload);
        var permission = Permissions().Single(p => p.Str("user") == user);

        foreach (var kind in new[] { "configure", "write", "read" })
        {
            var pattern = new Regex(permission.Str(kind)!);
            Assert.Matches(pattern, $"{service}-model-tier-decided");
            Assert.Matches(pattern, $"{service}-model-tier-decided_error");
            Assert.Matches(pattern, "ModelRisk.Contracts.Inventory.V1:ModelRegistered");
            foreach (var other in ServiceNames.Where(n => n != service))
            {
                Assert.DoesNotMatch(pattern, $"{other}-model-registered");
            }
            Assert.DoesNotMatch(pattern, "amq.rabbitmq.trace");
        }
    }

    /// <summary>
    /// Publishers of worker jobs declare the workers' queue and bind their jobs to it (ADR 092), so they may configure
    /// and write that one queue; only the workers may read (consume) it, and no other service may touch it.
    /// </summary>
    [Fact]
    public void Only_the_job_publishers_may_declare_the_workers_queue_and_only_the_workers_consume_it()
    {
        const string queue = "validation-worker-jobs";
        string[] publishers = ["assessment", "monitoring"];
        foreach (var permission in Permissions())
        {
            var user = permission.Str("user")!;
            var declares = new Regex(permission.Str("configure")!).IsMatch(queue) && new Regex(permission.Str("write")!).IsMatch(queue);
            var consumes = new Regex(permission.Str("read")!).IsMatch(queue);
            Assert.True(declares == (publishers.Contains(user) || user == "validation-worker"), $"{user} declares {queue}: {declares}");
            Assert.True(consumes == (user == "validation-worker"), $"{user} consumes {queue}: {consumes}");
        }
    }

    [Fact]
    public void The_gateway_has_no_broker_connection()
    {
        Assert.DoesNotContain(BrokerClientWorkloads(), w => w.Manifest.Name == "gateway");
    }

    [Fact]
    public void Dev_defines_exactly_the_users_the_permissions_name_and_no_password_sits_in_base_or_components()
    {
        var users = JsonNode.Parse(File.ReadAllText(Repository.Full("k8s/overlays/dev/rabbitmq-users.json")))!["users"]!.AsArray();

        Assert.Equal(Permissions().Select(p => p.Str("user")).Order(), users.Select(u => u!["name"]!.GetValue<string>()).Order());
        Assert.All(users, u => Assert.False(string.IsNullOrEmpty(u!["password_hash"]?.GetValue<string>())));
        var shared = Directory.EnumerateFiles(Repository.Full("k8s/base"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repository.Full("k8s/components"), "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith("model-risk-realm.json", StringComparison.Ordinal));
        Assert.All(shared, file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("password_hash", text, StringComparison.Ordinal);
            Assert.DoesNotContain("default_pass", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_broker_imports_the_permissions_and_the_overlays_users()
    {
        var statefulSet = Manifests.Workloads.Single(w => w.Manifest.Kind == "StatefulSet" && w.Manifest.Name == "rabbitmq");
        var sources = statefulSet.PodSpec.Items("volumes").Single(v => v.Str("name") == "config").Items("projected", "sources").ToList();
        var config = File.ReadAllLines(Repository.Full($"{Component}/10-defaults.conf")).Select(l => l.Replace(" ", "", StringComparison.Ordinal));

        Assert.Contains("load_definitions=/etc/rabbitmq/definitions", config);
        Assert.Contains(sources, s => s.Str("secret", "name") == "rabbitmq-users"
            && s.Items("secret", "items").Any(i => i.Str("path") == "definitions/10-users.json"));
        Assert.Contains(sources, s => s.Items("configMap", "items").Any(i => i.Str("path") == "definitions/20-permissions.json"));
    }

    [Fact]
    public void The_broker_has_a_liveness_probe()
    {
        var statefulSet = Manifests.Workloads.Single(w => w.Manifest.Kind == "StatefulSet" && w.Manifest.Name == "rabbitmq");
        var broker = statefulSet.PodSpec.Items("containers").Single(c => c.Str("name") == "rabbitmq");

        Assert.NotNull(broker["livenessProbe"]);
        Assert.NotNull(broker["readinessProbe"]);
    }

    private static IEnumerable<JsonNode> Permissions() =>
        JsonNode.Parse(File.ReadAllText(Repository.Full($"{Component}/20-permissions.json")))!["permissions"]!.AsArray().OfType<JsonNode>();

    /// <summary>Long-running platform workloads (Deployments) that read a broker connection string.</summary>
    private static IEnumerable<Workload> BrokerClientWorkloads() =>
        Manifests.Workloads.Where(w => w.Manifest.Kind == "Deployment"
            && w.Containers.Any(c => c.Items("env").Any(e => e.Str("name") == "ConnectionStrings__rabbitmq")));

    /// <summary>The service a workload belongs to, and the user in the amqp URI the dev overlay gives it.</summary>
    private static (string Service, string User) DevBrokerUser(string workload)
    {
        var deployment = BrokerClientWorkloads().Single(w => w.Manifest.Name == workload);
        var secret = deployment.Containers.SelectMany(c => c.Items("env")).Single(e => e.Str("name") == "ConnectionStrings__rabbitmq").Str("valueFrom", "secretKeyRef", "name");
        var uri = Manifests.KustomizationIn("k8s/overlays/dev").Generators("secretGenerator").Single(g => g.Str("name") == secret)
            .Strings("literals").Single(l => l.StartsWith("connection-string=", StringComparison.Ordinal))["connection-string=".Length..];
        return (deployment.PodMetadata.Str("labels", "app.kubernetes.io/name")!, new Uri(uri).UserInfo.Split(':')[0]);
    }
}
