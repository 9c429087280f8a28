using System.Text.RegularExpressions;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// The validation workers: a headless Deployment that nothing connects to, scaled by KEDA on the length of the queue it
/// consumes, and given more grace on SIGTERM than it waits for its running jobs.
/// </summary>
public class WorkerScalingTests
{
    private const string Queue = "validation-worker-jobs";

    [Fact]
    public void The_scaled_object_scales_the_worker_deployment_on_its_own_queue()
    {
        var scaled = Manifests.Find("ScaledObject", "validation-worker", "k8s/components/worker-autoscaling");
        Assert.Equal("validation-worker", scaled.Root.Str("spec", "scaleTargetRef", "name"));
        Assert.Contains(Manifests.ResourcesUnder("k8s/base"), m => m.Kind == "Deployment" && m.Name == "validation-worker");

        var trigger = Assert.Single(scaled.Root.Items("spec", "triggers"));
        Assert.Equal("rabbitmq", trigger.Str("type"));
        Assert.Equal(Queue, trigger.Str("metadata", "queueName"));
        Assert.Equal("QueueLength", trigger.Str("metadata", "mode"));
        Assert.True(int.Parse(trigger.Str("metadata", "value")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(int.Parse(scaled.Root.Str("spec", "minReplicaCount")!, System.Globalization.CultureInfo.InvariantCulture) >= 1,
            "at least one worker stays, so a job never waits for a cold start from zero");
    }

    [Fact]
    public void Keda_reads_the_broker_address_from_an_environment_variable_the_worker_container_defines()
    {
        var trigger = Manifests.Find("ScaledObject", "validation-worker", "k8s/components/worker-autoscaling").Root.Items("spec", "triggers").Single();
        var worker = Manifests.Workloads.Single(w => w.Manifest.Name == "validation-worker");

        var variable = trigger.Str("metadata", "hostFromEnv");
        Assert.Contains(worker.Containers.Single().Items("env"), e => e.Str("name") == variable);
    }

    [Fact]
    public void The_worker_broker_user_may_consume_its_job_queue_and_its_error_queue()
    {
        var permission = BrokerPermissions().Single(p => p.Str("user") == "validation-worker");

        Assert.Matches(new Regex(permission.Str("read")!), Queue);
        Assert.Matches(new Regex(permission.Str("write")!), Queue + "_error");
    }

    [Fact]
    public void Prod_scales_the_workers_with_keda()
    {
        var prod = Manifests.KustomizationIn("k8s/overlays/prod");

        Assert.Contains("k8s/components/worker-autoscaling", prod.Components.Select(Repository.Relative));
    }

    [Fact]
    public void The_worker_has_no_service_and_exposes_only_its_management_port()
    {
        var worker = Manifests.Workloads.Single(w => w.Manifest.Name == "validation-worker");

        Assert.Equal(["management"], worker.Containers.Single().Items("ports").Select(p => p.Str("name")!));
        Assert.DoesNotContain(Manifests.Resources, m => m.Kind == "Service" && m.Root.Str("spec", "selector", "app.kubernetes.io/name") == "validation-worker");
    }

    [Fact]
    public void Sigterm_grace_outlasts_the_drain_of_running_jobs()
    {
        var worker = Manifests.Workloads.Single(w => w.Manifest.Name == "validation-worker");
        var grace = TimeSpan.FromSeconds(int.Parse(worker.PodSpec.Str("terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture));
        var drain = Manifests.KustomizationIn("k8s/base").ConfigLiterals("validation-worker-config")["Worker__DrainTimeout"];

        Assert.True(TimeSpan.Parse(drain, System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(3) <= grace,
            $"the drain ({drain}) must end a few seconds before the kill ({grace})");
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonNode> BrokerPermissions() =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.Full("k8s/components/rabbitmq/20-permissions.json")))!.Items("permissions");
}
