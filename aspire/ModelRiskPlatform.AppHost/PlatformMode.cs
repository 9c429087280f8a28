using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace ModelRisk.AppHost;

public enum PlatformMode
{
    /// <summary>No container runtime: SQLite files, RabbitMQ from the machine's install, the development token issuer.</summary>
    Local,

    /// <summary>RabbitMQ, Keycloak (and SQL Server when configured) as containers.</summary>
    Containers,
}

public static class PlatformModeDetection
{
    /// <summary><c>Platform:Mode</c> (local | containers) wins; otherwise containers when a container engine answers.</summary>
    public static PlatformMode Detect(IConfiguration configuration)
    {
        var configured = configuration["Platform:Mode"];
        if (!string.IsNullOrWhiteSpace(configured) && !configured.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Enum.Parse<PlatformMode>(configured, ignoreCase: true);
        }
        return ContainerEngineAnswers() ? PlatformMode.Containers : PlatformMode.Local;
    }

    // A docker client without an engine is common (CI images, sandboxes): ask the engine, not the client.
    private static bool ContainerEngineAnswers()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
