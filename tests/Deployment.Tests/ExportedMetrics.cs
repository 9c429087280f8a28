using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;

namespace ModelRisk.Deployment.Tests;

/// <summary>An instrument the platform's code creates: its kind (Counter, Histogram, ObservableGauge…), name and unit.</summary>
public sealed record Instrument(string File, string Kind, string Name, string? Unit)
{
    /// <summary>The name with every run of characters Prometheus does not allow replaced by one <c>_</c>, as exporters do.</summary>
    public string SanitizedName => Regex.Replace(Name, "[^a-zA-Z0-9_:]+", "_");
}

/// <summary>
/// The metrics the services export, found the way an operator's Prometheus sees them: every instrument the C# under
/// <c>src/</c> and <c>aspire/</c> creates is created again on a probe meter inside the services' own telemetry setup
/// (<c>ConfigureOpenTelemetry</c> from the service defaults, with its Prometheus exporter), given a measurement, and the
/// names on the scraped <c>/metrics</c> page are the answer. The exporter decides unit suffixes and <c>_total</c>, so a
/// dashboard checked against this list names what Prometheus really stores.
/// </summary>
public static class ExportedMetrics
{
    private static readonly Regex Creation = new(
        @"\.Create(?<kind>Counter|UpDownCounter|Histogram|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\s*(?:<\s*[\w.?]+\s*>)?\s*\(\s*(?:name\s*:\s*)?""(?<name>[^""]+)""",
        RegexOptions.Compiled);

    private static readonly Lazy<IReadOnlyList<Instrument>> LazyInstruments = new(FindInstruments);

    private static readonly Lazy<Task<IReadOnlySet<string>>> LazyNames = new(ScrapeAsync);

    /// <summary>Every instrument created in the platform's own code.</summary>
    public static IReadOnlyList<Instrument> Instruments => LazyInstruments.Value;

    /// <summary>Every metric family and sample name the exporter writes for those instruments (and for the runtime's own).</summary>
    public static Task<IReadOnlySet<string>> NamesAsync() => LazyNames.Value;

    private static List<Instrument> FindInstruments()
    {
        var files = new[] { "src", "aspire" }.Select(Repository.Full)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var instruments = new List<Instrument>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in Creation.Matches(text))
            {
                var arguments = ArgumentsAfter(text, match.Index + match.Length);
                instruments.Add(new Instrument(Repository.Relative(file), match.Groups["kind"].Value, match.Groups["name"].Value, UnitOf(arguments)));
            }
        }
        return instruments;
    }

    /// <summary>The call's arguments after the name, split at top-level commas (strings, lambdas and nested calls kept whole).</summary>
    private static List<string> ArgumentsAfter(string text, int position)
    {
        var arguments = new List<string>();
        var current = new System.Text.StringBuilder();
        var depth = 0;
        for (var i = position; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }
                current.Append(text, i, Math.Min(end + 1, text.Length) - i);
                i = end;
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    arguments.Add(current.ToString().Trim());
                    break;
                }
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        return arguments.Where(a => a.Length > 0).ToList();
    }

    /// <summary>The unit argument: named <c>unit:</c>, or the first positional string literal after the name (an observable's callback is no literal).</summary>
    private static string? UnitOf(List<string> arguments)
    {
        foreach (var argument in arguments)
        {
            var named = Regex.Match(argument, @"^(?<parameter>\w+)\s*:\s*(?<value>.*)$", RegexOptions.Singleline);
            if (named.Success && named.Groups["parameter"].Value != "unit")
            {
                continue;
            }
            var value = named.Success ? named.Groups["value"].Value.Trim() : argument;
            var literal = Regex.Match(value, @"^""(?<text>[^""]*)""$");
            if (literal.Success)
            {
                return literal.Groups["text"].Value;
            }
            if (value == "null" || named.Success)
            {
                return null;
            }
        }
        return null;
    }

    private static async Task<IReadOnlySet<string>> ScrapeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.ConfigureOpenTelemetry();
        builder.Services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync();

        // A meter inside the services' "ModelRisk.*" subscription, created once the provider listens.
        using var meter = new Meter("ModelRisk.DeploymentTests.Probe");
        foreach (var instrument in Instruments.DistinctBy(i => (i.Kind, i.Name)))
        {
            Record(meter, instrument);
        }

        using var client = new HttpClient();
        var page = await client.GetStringAsync(new Uri(new Uri(app.Urls.First()), "/metrics"));
        await app.StopAsync();

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in page.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var family = Regex.Match(line, @"^# (?:TYPE|HELP|UNIT) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)");
            var sample = Regex.Match(line, @"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
            if (family.Success)
            {
                names.Add(family.Groups["name"].Value);
            }
            else if (sample.Success)
            {
                names.Add(sample.Groups["name"].Value);
            }
        }
        return names;
    }

    private static void Record(Meter meter, Instrument instrument)
    {
        switch (instrument.Kind)
        {
            case "Counter":
                meter.CreateCounter<double>(instrument.Name, instrument.Unit).Add(1);
                break;
            case "UpDownCounter":
                meter.CreateUpDownCounter<double>(instrument.Name, instrument.Unit).Add(1);
                break;
            case "Histogram":
                meter.CreateHistogram<double>(instrument.Name, instrument.Unit).Record(1);
                break;
            case "Gauge":
                meter.CreateGauge<double>(instrument.Name, instrument.Unit).Record(1);
                break;
            case "ObservableGauge":
                meter.CreateObservableGauge(instrument.Name, () => 1.0, instrument.Unit);
                break;
            case "ObservableCounter":
                meter.CreateObservableCounter(instrument.Name, () => 1.0, instrument.Unit);
                break;
            case "ObservableUpDownCounter":
                meter.CreateObservableUpDownCounter(instrument.Name, () => 1.0, instrument.Unit);
                break;
            default:
                throw new InvalidOperationException($"{instrument.File}: unknown instrument kind {instrument.Kind}");
        }
    }
}
