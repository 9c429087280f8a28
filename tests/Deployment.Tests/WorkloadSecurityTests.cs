using System.Text.Json.Nodes;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// Every container of every Deployment, StatefulSet and Job under k8s/ (patches excluded) is hardened the
/// same way: non-root, read-only root filesystem, no capabilities, no privilege escalation, sized.
/// </summary>
public class WorkloadSecurityTests
{
    public static TheoryData<string> Containers() =>
        [.. Manifests.Workloads.SelectMany(w => w.Containers.Select(c => Id(w, c)))];

    public static TheoryData<string> WorkloadIds() => [.. Manifests.Workloads.Select(w => w.ToString())];

    [Fact]
    public void The_workloads_a_reviewer_expects_are_found()
    {
        var found = Manifests.Workloads.Select(w => $"{w.Manifest.Kind}/{w.Manifest.Name}").ToHashSet();

        foreach (var expected in new[]
                 {
                     "Deployment/gateway", "Deployment/inventory", "Job/inventory-migrate", "Deployment/assessment", "Job/assessment-migrate",
                     "Deployment/findings", "Job/findings-migrate", "Deployment/monitoring", "Job/monitoring-migrate",
                     "StatefulSet/rabbitmq", "StatefulSet/sqlserver", "Deployment/keycloak", "StatefulSet/minio",
                 })
        {
            Assert.Contains(expected, found);
        }
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public void Container_runs_as_non_root(string id)
    {
        var (workload, container) = Find(id);
        var pod = workload.PodSpec["securityContext"];
        var own = container["securityContext"];

        var nonRoot = own.Str("runAsNonRoot") ?? pod.Str("runAsNonRoot");
        Assert.True(nonRoot == "true", $"{id}: runAsNonRoot must be true (container or pod)");
        var user = own.Str("runAsUser") ?? pod.Str("runAsUser");
        Assert.True(user is null || user != "0", $"{id}: runAsUser must not be 0");
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public void Container_has_a_read_only_root_filesystem_and_no_privileges(string id)
    {
        var (_, container) = Find(id);
        var context = container["securityContext"];

        Assert.True(context.Str("readOnlyRootFilesystem") == "true", $"{id}: readOnlyRootFilesystem must be true");
        Assert.True(context.Str("allowPrivilegeEscalation") == "false", $"{id}: allowPrivilegeEscalation must be false");
        Assert.True(context.Str("privileged") is null or "false", $"{id}: must not be privileged");
        Assert.True(context.Strings("capabilities", "drop").Contains("ALL"), $"{id}: capabilities must drop ALL");
        Assert.Empty(context.Strings("capabilities", "add"));
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public void Container_declares_cpu_and_memory_requests_and_limits(string id)
    {
        var (_, container) = Find(id);

        foreach (var bound in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.False(string.IsNullOrEmpty(container.Str("resources", bound, resource)), $"{id}: resources.{bound}.{resource} is missing");
            }
        }
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Pod_uses_the_runtime_default_seccomp_profile_and_no_host_namespaces(string id)
    {
        var workload = Manifests.Workloads.Single(w => w.ToString() == id);

        var podProfile = workload.PodSpec.Str("securityContext", "seccompProfile", "type");
        Assert.All(workload.Containers, c =>
            Assert.True((c.Str("securityContext", "seccompProfile", "type") ?? podProfile) == "RuntimeDefault",
                $"{id}/{c.Str("name")}: seccompProfile must be RuntimeDefault"));
        foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            Assert.True(workload.PodSpec.Str(host) is null or "false", $"{id}: {host} must not be set");
        }
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Pod_gets_no_service_account_token(string id)
    {
        var workload = Manifests.Workloads.Single(w => w.ToString() == id);

        Assert.True(workload.PodSpec.Str("automountServiceAccountToken") == "false", $"{id}: automountServiceAccountToken must be false");
        var account = workload.PodSpec.Str("serviceAccountName");
        Assert.False(string.IsNullOrEmpty(account), $"{id}: runs as the namespace's default service account; give it its own");
    }

    [Fact]
    public void Every_service_account_disables_token_automount()
    {
        var accounts = Manifests.Resources.Where(m => m.Kind == "ServiceAccount").ToList();

        Assert.Contains(accounts, a => a.Name == "gateway" && a.File.StartsWith("k8s/base/", StringComparison.Ordinal));
        Assert.Contains(accounts, a => a.Name == "inventory" && a.File.StartsWith("k8s/base/", StringComparison.Ordinal));
        Assert.All(accounts, a => Assert.True(a.Root.Str("automountServiceAccountToken") == "false", $"{a}: automountServiceAccountToken must be false"));
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Writable_paths_are_volumes_and_tmp_is_one_of_them(string id)
    {
        var workload = Manifests.Workloads.Single(w => w.ToString() == id);
        var volumes = workload.PodSpec.Items("volumes").Select(v => v.Str("name")).ToHashSet();

        Assert.All(workload.PodSpec.Items("containers").OfType<JsonObject>(), c =>
        {
            var mounts = c.Items("volumeMounts").ToList();
            Assert.All(mounts, m => Assert.True(volumes.Contains(m.Str("name")) || IsClaimTemplate(workload, m.Str("name")),
                $"{id}/{c.Str("name")} mounts {m.Str("name")}, which is not a volume of the pod"));
            Assert.True(mounts.Any(m => m.Str("mountPath") == "/tmp"), $"{id}/{c.Str("name")}: a read-only root needs an emptyDir at /tmp");
        });
    }

    private static bool IsClaimTemplate(Workload workload, string? name) =>
        workload.Manifest.Root.Items("spec", "volumeClaimTemplates").Any(t => t.Str("metadata", "name") == name);

    private static string Id(Workload workload, JsonObject container) => $"{workload}/{container.Str("name")}";

    private static (Workload Workload, JsonObject Container) Find(string id)
    {
        foreach (var workload in Manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                if (Id(workload, container) == id)
                {
                    return (workload, container);
                }
            }
        }
        throw new InvalidOperationException($"No container {id}");
    }
}
