using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ModelRisk.Validation.Engine.Data;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ModelRisk.Validation.Engine.Plans;

/// <summary>
/// Reads a test plan from JSON or YAML. Both are turned into the same tree of maps, lists and scalars
/// first, so one validator gives the same errors, with the same paths, for either format.
/// </summary>
public static class TestPlanLoader
{
    private static readonly string[] TestKeys = ["name", "metric", "comparator", "threshold", "warn", "severity", "group", "on_undefined"];

    public static TestPlan Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: plan file not found");
        }

        var isJson = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        return Parse(File.ReadAllText(path), isJson, Path.GetFileName(path));
    }

    public static TestPlan ForTier(RiskTier tier) => Parse(TierPlanText(tier), isJson: false, $"{tier.ToString().ToLowerInvariant()} tier plan");

    /// <summary>The YAML text of a tier's default plan, as shipped in the engine.</summary>
    public static string TierPlanText(RiskTier tier)
    {
        var resource = $"ModelRisk.Validation.Engine.Plans.Tiers.{tier.ToString().ToLowerInvariant()}.yaml";
        using var stream = typeof(TestPlanLoader).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded plan {resource} is missing from {typeof(TestPlanLoader).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A plan given as text (a request body, a message): JSON when it starts with '{', YAML otherwise.</summary>
    public static TestPlan ParseText(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text, text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal), source);
    }

    public static TestPlan Parse(string text, bool isJson, string source)
    {
        var root = isJson ? FromJson(text, source) : FromYaml(text, source);
        return Validate(root, source);
    }

    private static TestPlan Validate(object? root, string source)
    {
        if (root is not Dictionary<string, object?> document)
        {
            throw Error(source, "the plan must be a mapping with a 'tests' list");
        }

        foreach (var key in document.Keys.Where(k => k is not ("name" or "tests" or "description")))
        {
            throw Error(source, $"unknown key '{key}' at the top level; expected name, description, tests");
        }

        var name = document.TryGetValue("name", out var n) ? AsString(n, source, "name") : source;
        if (!document.TryGetValue("tests", out var testsNode) || testsNode is not List<object?> tests || tests.Count == 0)
        {
            throw Error(source, "'tests' must be a non-empty list");
        }

        var parsed = new List<PlanTest>(tests.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tests.Count; i++)
        {
            var path = $"tests[{i}]";
            if (tests[i] is not Dictionary<string, object?> test)
            {
                throw Error(source, $"{path} must be a mapping");
            }

            var test1 = ParseTest(test, source, path);
            if (!names.Add(test1.Name))
            {
                throw Error(source, $"{path}.name: '{test1.Name}' is used by an earlier test");
            }

            parsed.Add(test1);
        }

        return new TestPlan(name, parsed);
    }

    private static PlanTest ParseTest(Dictionary<string, object?> test, string source, string path)
    {
        foreach (var key in test.Keys.Where(k => !TestKeys.Contains(k)))
        {
            throw Error(source, $"{path}: unknown key '{key}'; expected {string.Join(", ", TestKeys)}");
        }

        var name = AsString(Required(test, "name", source, path), source, $"{path}.name");
        var metric = MetricCatalog.Normalize(AsString(Required(test, "metric", source, path), source, $"{path}.metric"));
        var group = test.TryGetValue("group", out var g) && g is not null ? AsString(g, source, $"{path}.group") : null;
        var resolved = group is null ? metric : $"groups.{group}.{metric}";
        if (MetricCatalog.Check(resolved) is { } problem)
        {
            throw Error(source, $"{path}.metric: {problem}");
        }

        if (resolved.Count(c => c == '*') > 1)
        {
            throw Error(source, $"{path}.metric: only one '*' is allowed");
        }

        var comparatorText = AsString(Required(test, "comparator", source, path), source, $"{path}.comparator");
        var comparator = comparatorText switch
        {
            ">=" => Comparator.AtLeast,
            ">" => Comparator.GreaterThan,
            "<=" => Comparator.AtMost,
            "<" => Comparator.LessThan,
            "between" => Comparator.Between,
            _ => throw Error(source, $"{path}.comparator: '{comparatorText}' is not one of >=, >, <=, <, between"),
        };
        var threshold = AsBound(Required(test, "threshold", source, path), comparator, source, $"{path}.threshold");
        Bound? warn = test.TryGetValue("warn", out var w) && w is not null ? AsBound(w, comparator, source, $"{path}.warn") : null;
        if (warn is { } stricter && !IsStricter(comparator, threshold, stricter))
        {
            throw Error(source, $"{path}.warn: must be stricter than the threshold ({PlanText.Describe(comparator, threshold)}), so that a value can warn before it fails");
        }

        var severityText = test.TryGetValue("severity", out var s) && s is not null ? AsString(s, source, $"{path}.severity") : "medium";
        if (!Enum.TryParse<Severity>(severityText, ignoreCase: true, out var severity) || int.TryParse(severityText, out _))
        {
            throw Error(source, $"{path}.severity: '{severityText}' is not one of low, medium, high, critical");
        }

        var undefinedText = test.TryGetValue("on_undefined", out var u) && u is not null ? AsString(u, source, $"{path}.on_undefined") : "fail";
        if (undefinedText is not ("fail" or "warn"))
        {
            throw Error(source, $"{path}.on_undefined: '{undefinedText}' is not one of fail, warn");
        }

        return new PlanTest(name, metric, comparator, threshold, warn, severity, group, undefinedText == "warn");
    }

    private static bool IsStricter(Comparator comparator, Bound threshold, Bound warn) => comparator switch
    {
        Comparator.AtLeast or Comparator.GreaterThan => warn.Low >= threshold.Low,
        Comparator.AtMost or Comparator.LessThan => warn.Low <= threshold.Low,
        _ => warn.Low >= threshold.Low && warn.High <= threshold.High,
    };

    private static object Required(Dictionary<string, object?> test, string key, string source, string path) =>
        test.TryGetValue(key, out var value) && value is not null ? value : throw Error(source, $"{path}: '{key}' is required");

    private static string AsString(object? value, string source, string path) => value switch
    {
        string s when s.Length > 0 => s,
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => throw Error(source, $"{path} must be a non-empty text value"),
    };

    private static double AsNumber(object? value, string source, string path) => value switch
    {
        double d when double.IsFinite(d) => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => throw Error(source, $"{path}: '{value}' is not a number"),
    };

    private static Bound AsBound(object value, Comparator comparator, string source, string path)
    {
        if (comparator != Comparator.Between)
        {
            return value is List<object?>
                ? throw Error(source, $"{path}: a single number is expected for '{PlanText.Symbol(comparator)}'")
                : Bound.AtValue(AsNumber(value, source, path));
        }

        if (value is not List<object?> { Count: 2 } pair)
        {
            throw Error(source, $"{path}: 'between' needs a pair [low, high]");
        }

        var low = AsNumber(pair[0], source, $"{path}[0]");
        var high = AsNumber(pair[1], source, $"{path}[1]");
        return low <= high ? new Bound(low, high) : throw Error(source, $"{path}: low {low} is above high {high}");
    }

    private static InputException Error(string source, string message) => new($"{source}: {message}");

    private static object? FromJson(string text, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
            return Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            // System.Text.Json reports a duplicate key without a line number.
            var line = e.LineNumber is { } n ? $" (line {n + 1})" : "";
            throw new InputException($"{source}: not valid JSON{line}: {InputException.LibraryMessage(e.Message)}", e);
        }
    }

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static object? FromYaml(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            RefuseAnchors(text, source);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException($"{source}: not valid YAML (line {e.Start.Line}): {InputException.LibraryMessage(e.Message)}", e);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, source);
    }

    /// <summary>
    /// Anchors and aliases let a few lines refer to themselves (endless recursion) or expand exponentially
    /// ("billion laughs"); a plan has no use for them, so they are refused from the parser's events, before any
    /// node is built.
    /// </summary>
    private static void RefuseAnchors(string text, string source)
    {
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
        {
            var (kind, at) = parser.Current switch
            {
                AnchorAlias alias => ("alias *" + alias.Value, alias.Start),
                NodeEvent { Anchor.IsEmpty: false } node => ("anchor &" + node.Anchor, node.Start),
                _ => (null, default),
            };
            if (kind is not null)
            {
                throw new InputException($"{source}: line {at.Line}: YAML anchors and aliases are not supported in plans (found {InputException.Quote(kind)}); write each value out");
            }
        }
    }

    private static object? Convert(YamlNode node, string source) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            p => p.Key is YamlScalarNode { Value: { } key } ? key : throw new InputException($"{source}: line {p.Key.Start.Line}: keys must be plain text"),
            p => Convert(p.Value, source),
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(c => Convert(c, source)).ToList(),
        YamlScalarNode { Value: null or "" or "~" or "null" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InputException($"{source}: line {node.Start.Line}: this kind of YAML node is not supported in plans"),
    };
}
