using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ModelRisk.DecisionLog;

// Decision-log verification throughput on one core, against a peer (Python's hashlib + json) verifying the same
// export on the same machine in the same run.
// Usage: dotnet run -c Release --project tests/Benchmarks/DecisionLog.Benchmarks -- [--entries N] [--runs N] [--python PATH] [--no-peer]
var entries = 1_000_000;
var runs = 5;
var python = "python3";
var peer = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--entries": entries = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--python": python = args[++i]; break;
        case "--no-peer": peer = false; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

const string org = "acme-lending";
using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var signer = new CheckpointSigner(key);
var chain = new List<LogEntry>(entries);
var checkpoints = new List<Checkpoint>();
using (var hasher = new ChainHasher())
{
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    LogEntry? head = null;
    for (var i = 0; i < entries; i++)
    {
        // A realistic signature entry: ~250 bytes of canonical content.
        var payload = $$"""{"decisionId":"dc-{{i:D8}}","outcome":"{{(i % 3 == 0 ? "Approve" : "ApproveWithConditions")}}","role":"approver","version":"2.{{i % 17}}.0"}""";
        head = hasher.Next(head, org, LogEntryKinds.Signature, $"rv-{i / 4:D8}", "avery.approver", start.AddSeconds(i), payload);
        chain.Add(head);
        if ((i + 1) % 10_000 == 0)
        {
            checkpoints.Add(signer.Sign(org, head.Sequence, head.Hash, head.OccurredAt));
        }
    }
}
var keys = new CheckpointKeys().AddPem(CheckpointKeys.PublicKeyPem(key));

var ours = new List<double>();
for (var run = 0; run < runs; run++)
{
    var clock = Stopwatch.StartNew();
    var result = ChainVerifier.Verify(org, chain, checkpoints, keys);
    clock.Stop();
    if (!result.IsValid || result.Entries != entries)
    {
        Console.Error.WriteLine($"verification failed: {result.Break?.Reason}");
        return 1;
    }
    ours.Add(entries / clock.Elapsed.TotalSeconds);
}
var oursMedian = Median(ours);
Console.WriteLine($"ours: {oursMedian:N0} entries/s (median of {runs}; {checkpoints.Count} checkpoints)");

if (peer)
{
    var export = Path.Combine(Path.GetTempPath(), $"mrp-log-bench-{Environment.ProcessId}.jsonl");
    try
    {
        await using (var file = File.Create(export))
        {
            await LogExport.WriteAsync(file, AsAsync(chain), [], CancellationToken.None);
        }
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "verify_log.py");
        var peerRates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            using var process = Process.Start(new ProcessStartInfo(python, [script, export]) { RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"peer failed: {output}");
                return 1;
            }
            peerRates.Add(double.Parse(output.Trim(), CultureInfo.InvariantCulture));
        }
        var peerMedian = Median(peerRates);
        Console.WriteLine($"peer (python hashlib, hash and link check only): {peerMedian:N0} entries/s (median of {runs})");
        Console.WriteLine($"ratio: {oursMedian / peerMedian:F1}x");
    }
    finally
    {
        File.Delete(export);
    }
}
return 0;

static double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

static async IAsyncEnumerable<LogEntry> AsAsync(IEnumerable<LogEntry> entries)
{
    foreach (var entry in entries)
    {
        yield return entry;
    }
    await Task.CompletedTask;
}
