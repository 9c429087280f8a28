using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ModelRisk.TestSupport;

/// <summary>
/// A real S3-compatible server for tests: s3rver (installed by scripts/install-s3rver.sh into .tools/s3rver), started
/// on a free port with a temporary directory and one bucket, and killed with its directory on dispose. It enforces
/// request signing; its credentials are fixed.
/// </summary>
public sealed partial class S3rver : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string InstallHint = "s3rver is not installed: run scripts/install-s3rver.sh (scripts/install-prerequisites.sh does).";

    private readonly Process _process;
    private readonly string _directory;

    private S3rver(Process process, string directory, string serviceUrl, string bucket)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = serviceUrl;
        Bucket = bucket;
    }

    /// <summary>The server's script, or null when it is not installed.</summary>
    public static string? Script =>
        Path.Combine(Spectral.RepositoryRoot, ".tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js") is var path && File.Exists(path) ? path : null;

    /// <summary>CI must show a missing server as a failure; elsewhere its tests are skipped with how to install it.</summary>
    public static bool Required => Spectral.Required;

    public string ServiceUrl { get; }

    public string Bucket { get; }

    [GeneratedRegex(@"listening on [^:\s]+:(?<port>\d+)")]
    private static partial Regex Listening();

    public static async Task<S3rver> StartAsync(string bucket)
    {
        var script = Script ?? throw new InvalidOperationException(InstallHint);
        var directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Port 0: the server takes a free port and says which, so no other process can take it in between.
            ArgumentList = { script, "-d", directory, "-a", "127.0.0.1", "-p", "0", "-s", "--configure-bucket", bucket },
        };
        var process = Process.Start(start)!;
        try
        {
            // A guard against a server that never starts, not a timing assertion: it starts in about a second.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (Listening().Match(line) is { Success: true } match)
                {
                    // Keep reading so a full pipe never blocks the server.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new S3rver(process, directory, $"http://127.0.0.1:{match.Groups["port"].Value}", bucket);
                }
            }
            throw new InvalidOperationException($"s3rver exited before listening: {await process.StandardError.ReadToEndAsync(deadline.Token)}");
        }
        catch
        {
            Stop(process);
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
