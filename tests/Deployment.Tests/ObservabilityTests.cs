using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelRisk.Deployment.Tests;

/// <summary>
/// What operators watch the platform with (ADR 096): the model monitoring dashboard is valid Grafana JSON whose every
/// query names metrics the services really export, it ships as a ConfigMap Grafana's sidecar loads, and the PodMonitor
/// scrapes the management port of every platform workload and of nothing that lacks one.
/// </summary>
public class ObservabilityTests
{
    private const string Component = "k8s/components/observability";
    private const string DashboardFile = Component + "/model-monitoring-dashboard.json";

    private static readonly string[] PromQlKeywords =
        ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    [Fact]
    public void The_dashboard_is_valid_json_with_a_stable_uid_and_unique_panel_ids()
    {
        var dashboard = Dashboard();
        var panels = Panels(dashboard).ToList();
        var ids = panels.Select(p => p["id"]?.GetValue<int>()).ToList();

        Assert.False(string.IsNullOrWhiteSpace(dashboard["uid"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(dashboard["title"]?.GetValue<string>()));
        Assert.All(ids, id => Assert.NotNull(id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(panels, p =>
        {
            var grid = p["gridPos"]!;
            Assert.True(grid["x"]!.GetValue<int>() + grid["w"]!.GetValue<int>() <= 24, $"panel {p["id"]} is wider than the grid");
        });
    }

    [Fact]
    public void Every_chart_queries_prometheus_through_the_datasource_variable()
    {
        var charts = Panels(Dashboard()).Where(p => p["type"]?.GetValue<string>() != "row").ToList();

        Assert.NotEmpty(charts);
        Assert.All(charts, p =>
        {
            var targets = p["targets"]?.AsArray().OfType<JsonNode>().ToList() ?? [];
            Assert.True(targets.Count > 0, $"panel {p["id"]} ({p["title"]}) has no query");
            Assert.All(targets.Prepend(p), node => Assert.Equal("${datasource}", node["datasource"]?["uid"]?.GetValue<string>()));
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t["expr"]?.GetValue<string>()), $"panel {p["id"]} has a target without expr"));
        });
    }

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exported_by_the_services()
    {
        var exported = await ExportedMetrics.NamesAsync();
        var queried = QueriedMetrics(Dashboard());

        Assert.NotEmpty(queried);
        var missing = queried.Where(m => !exported.Contains(m)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            "the dashboard queries metrics no service exports (instruments are found in src/ and aspire/): " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("src/ValidationWorker/")]
    [InlineData("src/Monitoring.Api/")]
    public void The_dashboard_charts_every_metric_of_the_monitoring_service_and_the_validation_workers(string folder)
    {
        var queried = QueriedMetrics(Dashboard());
        var instruments = ExportedMetrics.Instruments.Where(i => i.File.StartsWith(folder, StringComparison.Ordinal)).ToList();

        if (folder == "src/ValidationWorker/")
        {
            Assert.NotEmpty(instruments);
        }
        Assert.All(instruments, i => Assert.True(queried.Any(q => q.StartsWith(i.SanitizedName, StringComparison.Ordinal)),
            $"{i.Name} ({i.File}) is on no panel of the model monitoring dashboard"));
    }

    [Fact]
    public void The_dashboard_ships_as_a_configmap_the_grafana_sidecar_loads()
    {
        var generator = Assert.Single(Manifests.KustomizationIn(Component).Generators("configMapGenerator"),
            g => g.Strings("files").Any(f => f.EndsWith("=model-monitoring-dashboard.json", StringComparison.Ordinal) || f == "model-monitoring-dashboard.json"));

        Assert.Equal("1", generator.Str("options", "labels", "grafana_dashboard"));
        Assert.Equal("true", generator.Str("options", "disableNameSuffixHash"));
        Assert.All(generator.Strings("files"), f => Assert.EndsWith(".json", f.Split('=')[0], StringComparison.Ordinal));
    }

    [Fact]
    public void The_pod_monitor_scrapes_metrics_on_the_management_port_of_every_platform_workload()
    {
        var monitor = Assert.Single(Manifests.ResourcesUnder(Component), m => m.Kind == "PodMonitor");
        var selector = monitor.Root.At("spec", "selector", "matchLabels")!.AsObject()
            .ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);
        var endpoint = Assert.Single(monitor.Root.Items("spec", "podMetricsEndpoints"));
        var port = endpoint.Str("port")!;
        var selected = Manifests.Workloads.Where(w => !w.Manifest.File.StartsWith("k8s/overlays/", StringComparison.Ordinal)
            && selector.All(kv => w.PodMetadata.Str("labels", kv.Key) == kv.Value)).ToList();
        var longRunning = selected.Where(w => w.Manifest.Kind is "Deployment" or "StatefulSet" or "DaemonSet").ToList();

        Assert.Equal("/metrics", endpoint.Str("path"));
        Assert.Contains(longRunning, w => w.Manifest.Name == "monitoring");
        Assert.Contains(longRunning, w => w.Manifest.Name == "validation-worker");
        Assert.All(longRunning, w => Assert.True(w.Containers.Any(c => c.Items("ports").Any(p => p.Str("name") == port)),
            $"{w} is selected by the PodMonitor but declares no container port named {port}"));
        // Every workload that serves a management port is scraped by it.
        var withPort = Manifests.Workloads.Where(w => w.Manifest.Kind == "Deployment"
            && w.Containers.Any(c => c.Items("ports").Any(p => p.Str("name") == port))).ToList();
        Assert.All(withPort, w => Assert.Contains(w, selected));
        // The port is the management port the probes and Management__Port use, never an API port.
        Assert.All(longRunning, w => Assert.Equal("8090",
            w.Containers.SelectMany(c => c.Items("ports")).Single(p => p.Str("name") == port).Str("containerPort")));
    }

    [Fact]
    public void The_observability_component_is_a_component_used_where_the_operator_is_expected()
    {
        var component = Manifests.KustomizationIn(Component);
        var prod = Manifests.KustomizationIn("k8s/overlays/prod").Components.Select(Repository.Relative);

        Assert.True(component.IsComponent);
        Assert.Contains(Component, prod);
    }

    private static JsonNode Dashboard() =>
        JsonNode.Parse(File.ReadAllText(Repository.Full(DashboardFile)), documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = false })
        ?? throw new InvalidOperationException($"{DashboardFile} is empty");

    /// <summary>Every panel, including those nested in collapsed rows.</summary>
    private static IEnumerable<JsonNode> Panels(JsonNode dashboard)
    {
        foreach (var panel in dashboard["panels"]?.AsArray().OfType<JsonNode>() ?? [])
        {
            yield return panel;
            foreach (var nested in panel["panels"]?.AsArray().OfType<JsonNode>() ?? [])
            {
                yield return nested;
            }
        }
    }

    /// <summary>The metric names in every panel query and every template variable query.</summary>
    private static HashSet<string> QueriedMetrics(JsonNode dashboard)
    {
        var expressions = Panels(dashboard).SelectMany(p => p["targets"]?.AsArray().OfType<JsonNode>() ?? [])
            .Select(t => t["expr"]?.GetValue<string>()).OfType<string>().ToList();
        var variables = dashboard["templating"]?["list"]?.AsArray().OfType<JsonNode>()
            .Where(v => v["type"]?.GetValue<string>() == "query")
            .Select(v => v["query"] is JsonObject query ? query["query"]?.GetValue<string>() : v["query"]?.GetValue<string>())
            .OfType<string>().ToList() ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            names.UnionWith(MetricNames(expression));
        }
        foreach (var variable in variables)
        {
            // label_values(metric{…}, label) and query_result(promql): the metric, or the query's metrics.
            var labelValues = Regex.Match(variable, @"^\s*label_values\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{[^}]*\})?\s*,");
            var queryResult = Regex.Match(variable, @"^\s*query_result\((?<query>.*)\)\s*$");
            if (labelValues.Success)
            {
                names.Add(labelValues.Groups["metric"].Value);
            }
            else if (queryResult.Success)
            {
                names.UnionWith(MetricNames(queryResult.Groups["query"].Value));
            }
        }
        return names;
    }

    /// <summary>
    /// The metric names of a PromQL expression: identifiers that are neither functions, keywords, label names in
    /// matchers or groupings, nor Grafana variables.
    /// </summary>
    public static IEnumerable<string> MetricNames(string expression)
    {
        var text = Regex.Replace(expression, @"\{[^}]*\}", " ");
        text = Regex.Replace(text, @"""(?:[^""\\]|\\.)*""", " ");
        text = Regex.Replace(text, @"\[[^\]]*\]", " ");
        text = Regex.Replace(text, @"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ");
        text = Regex.Replace(text, @"\$\{[^}]*\}|\$\w+", " ");
        return Regex.Matches(text, @"(?<![\w.:])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(?!\s*\()")
            .Select(m => m.Groups["name"].Value)
            .Where(n => !PromQlKeywords.Contains(n, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("sum by (le, kind) (rate(a_seconds_bucket{kind=~\"$k\"}[$__rate_interval]))", "a_seconds_bucket")]
    [InlineData("histogram_quantile(0.95, sum by (le) (rate(b_bucket[5m])))", "b_bucket")]
    [InlineData("max(count by (instance) (c_value)) / on(instance) group_left d_total offset 1h", "c_value d_total")]
    [InlineData("increase(e_total{org=~\"$org\", severity=~\"(?i)critical\"}[$__range]) > bool 1e3", "e_total")]
    public void Metric_names_are_read_from_promql_as_prometheus_would(string expression, string expected)
    {
        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), MetricNames(expression).Order(StringComparer.Ordinal));
    }
}
