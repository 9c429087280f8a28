using System.Diagnostics;
using ModelRisk.Validation.Engine.Running;
using ModelRisk.Validation.Engine.Sharding;

// Sharded validation, one step per process so each step's peak memory can be measured on its own
// (tests/Benchmarks/sharding-bench.sh runs them under /usr/bin/time):
//   split  DATA TARGET_BYTES                 times the splitter
//   shards DATA REFERENCE TARGET_BYTES OUT [INDEX]  runs every shard in turn (or only shard INDEX), writes OUT/shard-N.bin
//   merge  DATA REFERENCE OUT                folds OUT/shard-*.bin in one at a time, writes OUT/merged.json
// The request is the one of mrp-validate.sh: group segment, drift columns income, age, utilization, no bootstrap.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: split DATA TARGET | shards DATA REFERENCE TARGET OUT | merge DATA REFERENCE OUT");
    return 2;
}

static ValidationRequest Request(string data, string reference) => new(
    data,
    "score",
    "label",
    GroupColumn: "segment",
    ReferencePath: reference,
    DriftColumns: ["income", "age", "utilization"],
    Options: new ValidationOptions(BootstrapResamples: 0));

var clock = Stopwatch.StartNew();
switch (args[0])
{
    case "split":
    {
        var shards = ShardSplitter.Split(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        var bytes = new FileInfo(args[1]).Length;
        Console.WriteLine($"split: {shards.Count} shards of {args[1]} ({bytes / 1048576.0:F1} MiB) in {clock.Elapsed.TotalMilliseconds:F0} ms ({bytes / 1048576.0 / clock.Elapsed.TotalSeconds:F0} MiB/s)");
        break;
    }

    case "shards":
    {
        var request = Request(args[1], args[2]);
        var shards = ShardSplitter.Split(args[1], long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(args[4]);
        var slowest = TimeSpan.Zero;
        long largest = 0;
        var only = args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : -1;
        foreach (var shard in shards.Where(s => only < 0 || s.Index == only))
        {
            var started = clock.Elapsed;
            var bytes = ShardedValidation.RunShard(request, shard).ToBytes();
            File.WriteAllBytes(Path.Combine(args[4], $"shard-{shard.Index}.bin"), bytes);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - started).Ticks));
            largest = Math.Max(largest, bytes.Length);
        }

        Console.WriteLine($"shards: {(only < 0 ? shards.Count : 1)} of {shards.Count} run one after another in {clock.Elapsed.TotalSeconds:F2} s; slowest {slowest.TotalSeconds:F2} s; largest statistics {largest / 1048576.0:F1} MiB");
        break;
    }

    case "merge":
    {
        // As the worker's merge does: each shard's statistics opened in place (tables left in the file), in shard
        // order, then every table merged from the files at Complete.
        var request = Request(args[1], args[2]);
        var files = Directory.GetFiles(args[3], "shard-*.bin");
        var merge = new ShardMerge(request, files.Length);
        long largest = 0;
        for (var index = 0; index < files.Length; index++)
        {
            var path = Path.Combine(args[3], $"shard-{index}.bin");
            largest = Math.Max(largest, new FileInfo(path).Length);
            merge.Add(ShardStatistics.Open(path));
        }

        var folded = clock.Elapsed;
        long peakAfterFold;
        using (var self = Process.GetCurrentProcess())
        {
            peakAfterFold = self.PeakWorkingSet64;
        }

        var result = merge.Complete();
        // With the final line break `mrp validate` writes, so the two files compare byte for byte.
        File.WriteAllText(Path.Combine(args[3], "merged.json"), ValidationJsonWriter.ToJson(result) + Environment.NewLine);
        Console.WriteLine($"merge: {files.Length} shards (largest {largest / 1048576.0:F1} MiB) opened in {folded.TotalSeconds:F2} s (peak {peakAfterFold / 1048576} MiB so far), tables merged from the files and completed with the reference in {(clock.Elapsed - folded).TotalSeconds:F2} s");
        break;
    }

    default:
        Console.Error.WriteLine($"unknown step {args[0]}");
        return 2;
}

return 0;
