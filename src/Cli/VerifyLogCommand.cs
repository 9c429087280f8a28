using System.CommandLine;
using ModelRisk.DecisionLog;

namespace ModelRisk.Cli;

/// <summary>
/// <c>mrp verify-log</c>: verifies a decision-log export offline with the platform's public key(s), so an auditor
/// needs nothing from the platform but the file and the key. Exit 0 every org's chain verifies, 1 a chain is
/// broken (the first broken entry is named), 2 the file or a key is unusable.
/// </summary>
public static class VerifyLogCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("export") { Description = "A decision-log export (JSON lines from GET /api/assessment/decision-log/{org}/export)" };
        var keys = new Option<string[]>("--public-key") { Description = "A PEM file with a public key that signs checkpoints; repeat for rotated keys", Required = true, AllowMultipleArgumentsPerToken = false };
        var command = new Command("verify-log", "Verify a decision-log export's hash chain and signed checkpoints offline") { file, keys };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(file)!;
            var trusted = new CheckpointKeys();
            foreach (var keyPath in parsed.GetValue(keys) ?? [])
            {
                if (!File.Exists(keyPath))
                {
                    stderr.WriteLine($"mrp: no key file '{keyPath}'");
                    return MrpCommand.BadInput;
                }
                try
                {
                    trusted.AddPem(File.ReadAllText(keyPath));
                }
                catch (FormatException e)
                {
                    stderr.WriteLine($"mrp: {keyPath}: {e.Message}");
                    return MrpCommand.BadInput;
                }
            }
            if (!File.Exists(path))
            {
                stderr.WriteLine($"mrp: no export file '{path}'");
                return MrpCommand.BadInput;
            }
            LogExportContents contents;
            try
            {
                using var reader = new StreamReader(path);
                contents = LogExport.Read(reader);
            }
            catch (FormatException e)
            {
                stderr.WriteLine($"mrp: {path}: {e.Message}");
                return MrpCommand.BadInput;
            }
            if (contents.Entries.Count == 0 && contents.Checkpoints.Count == 0)
            {
                stderr.WriteLine($"mrp: {path}: the export holds no entries");
                return MrpCommand.BadInput;
            }
            var broken = false;
            foreach (var result in contents.Verify(trusted))
            {
                if (result.IsValid)
                {
                    stdout.WriteLine($"{result.Org}: verified {result.Entries} entries, {result.CheckpointsVerified} signed checkpoints, head {result.HeadSequence} {result.HeadHash}");
                }
                else
                {
                    broken = true;
                    stdout.WriteLine($"{result.Org}: BROKEN at entry {result.Break!.Sequence}: {result.Break.Reason}");
                }
            }
            return broken ? MrpCommand.TestsFailed : MrpCommand.Passed;
        });
        return command;
    }
}
