using System.Text.Json;
using ModelRisk.Cli;

namespace ModelRisk.Cli.Tests;

public sealed record MrpRun(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
}

/// <summary>Runs the CLI in-process with captured output, as a shell would see it.</summary>
public static class Mrp
{
    public static MrpRun Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = MrpCommand.Run(args, stdout, stderr);
        return new MrpRun(code, stdout.ToString(), stderr.ToString());
    }

    public static MrpRun Validate(string data, params string[] more) =>
        Run([.. new[] { "validate", "--data", data, "--score", "score", "--label", "label", "--quiet", "--bootstrap", "50" }, .. more]);
}

/// <summary>A scratch folder per test class, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mrp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
