using System.Diagnostics;
using System.Text.Json;

namespace ModelRisk.TestSupport;

/// <summary>
/// Runs the Spectral OpenAPI linter (installed by scripts/install-openapi-linter.sh into .tools/spectral) with the
/// repository's .spectral.yaml, and returns what it found.
/// </summary>
public static class Spectral
{
    public sealed record Finding(string Code, string Message, int Severity, string Path)
    {
        public override string ToString() => $"{(Severity == 0 ? "error" : Severity == 1 ? "warning" : "info")} {Code} at {Path}: {Message}";
    }

    public static string RepositoryRoot => RepositoryFiles.Root;

    /// <summary>The linter's executable, or null when it is not installed.</summary>
    public static string? Executable =>
        Path.Combine(RepositoryRoot, ".tools", "spectral", "node_modules", ".bin", "spectral") is var path && File.Exists(path) ? path : null;

    /// <summary>CI must show a missing linter as a failure; elsewhere its tests are skipped with how to install it.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string InstallHint = "The OpenAPI linter is not installed: run scripts/install-openapi-linter.sh (scripts/install-prerequisites.sh does).";

    public static async Task<IReadOnlyList<Finding>> LintAsync(string documentJson)
    {
        var executable = Executable ?? throw new InvalidOperationException(InstallHint);
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, documentJson);
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryRoot,
                ArgumentList = { "lint", file, "--ruleset", Path.Combine(RepositoryRoot, ".spectral.yaml"), "--format", "json", "--quiet" },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            // A guard against a hung process, not a timing assertion: a lint of one document takes seconds.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(deadline.Token);
            var json = await output;
            // Exit 0: nothing at error level; 1: errors found (listed in the output); anything else: the linter failed.
            if (process.ExitCode is not (0 or 1) || string.IsNullOrWhiteSpace(json))
            {
                throw new InvalidOperationException($"spectral exited {process.ExitCode}: {await errors}{json}");
            }
            using var results = JsonDocument.Parse(json);
            return results.RootElement.EnumerateArray().Select(r => new Finding(
                r.GetProperty("code").ToString(),
                r.GetProperty("message").GetString() ?? "",
                r.GetProperty("severity").GetInt32(),
                string.Join('.', r.GetProperty("path").EnumerateArray().Select(p => p.ToString())))).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
