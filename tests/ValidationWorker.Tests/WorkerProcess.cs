using System.Diagnostics;
using System.Globalization;
using System.Text;
using ModelRisk.TestSupport;

namespace ModelRisk.ValidationWorker.Tests;

/// <summary>
/// The worker as a real process (its own build output, as the AppHost and the Deployment run it) on a real RabbitMQ, with
/// a local dataset store and its management port, so a test can send it SIGTERM as Kubernetes does.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _management;

    private WorkerProcess(Process process, int managementPort, string instance)
    {
        _process = process;
        Instance = instance;
        _management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Instance { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote so far, for the message of a failed assertion.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The worker's executable next to this test's configuration (Debug or Release), built with the test project.</summary>
    public static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(Spectral.RepositoryRoot, "src", "ValidationWorker", "bin", configuration, "net10.0", "ModelRisk.ValidationWorker");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The worker is not built at {path}.");
        }
    }

    public static WorkerProcess Start(string instance, string rabbitMqUri, string storeRoot, string scratch, TimeSpan drainTimeout)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Path.GetDirectoryName(Executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__rabbitmq"] = rabbitMqUri;
        start.Environment["DatasetStorage__Kind"] = "Local";
        start.Environment["DatasetStorage__Local__Root"] = storeRoot;
        start.Environment["Worker__ScratchDirectory"] = scratch;
        start.Environment["Worker__Instance"] = instance;
        start.Environment["Worker__Concurrency"] = "1";
        start.Environment["Worker__DrainTimeout"] = drainTimeout.ToString("c", CultureInfo.InvariantCulture);
        start.Environment["Kestrel__Endpoints__Management__Url"] = $"http://127.0.0.1:{port}";
        start.Environment["Kestrel__Endpoints__Management__Protocols"] = "Http1";
        start.Environment["Management__Port"] = port.ToString(CultureInfo.InvariantCulture);
        // No retries: a job that fails here should show, not be tried again.
        start.Environment["Messaging__RetryLimit"] = "0";
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        return new WorkerProcess(Process.Start(start)!, port, instance);
    }

    /// <summary>Validation jobs this process is running now, from its own metric on <c>/metrics</c> (null until it answers).</summary>
    public async Task<int?> JobsInFlightAsync()
    {
        string text;
        try
        {
            text = await _management.GetStringAsync("metrics");
        }
        catch (HttpRequestException)
        {
            return null;
        }

        var total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("modelrisk_worker_jobs_in_flight", StringComparison.Ordinal))
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                total += (int)double.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    /// <summary>SIGTERM, as the kubelet sends it when a pod is deleted or scaled in.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>True when the process exited within <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            // The asynchronous readers may still hold the last lines; WaitForExit without a timeout drains them.
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _management.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
