using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.Validation.Engine.Reports;
using ModelRisk.Validation.Engine.Running;

namespace ModelRisk.Cli;

/// <summary>
/// The <c>mrp</c> command line. Exit codes are part of its contract with CI pipelines:
/// 0 every test passed (warnings allowed), 1 a test failed, 2 the input was unusable, 3 a bug.
/// </summary>
public static class MrpCommand
{
    public const int Passed = 0;
    public const int TestsFailed = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Model Risk Platform command line");
        root.Subcommands.Add(ValidateCommand(stdout, stderr));
        root.Subcommands.Add(VerifyLogCommand.Create(stdout, stderr));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // The parser's messages may span lines (a list of allowed values); the contract is one line.
            var message = string.Join(' ', parsed.Errors[0].Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            stderr.WriteLine($"mrp: {message}");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // The action catches its own failures; anything reaching here escaped the parser or the help output.
            stderr.WriteLine($"mrp: internal error ({e.GetType().FullName}): {OneLine(e.Message)}");
            return InternalError;
        }
    }

    private static Command ValidateCommand(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<string>("--data") { Description = "Evaluation data, CSV or Parquet", Required = true };
        var score = new Option<string>("--score") { Description = "Column with the model's score (a probability)", Required = true };
        var label = new Option<string>("--label") { Description = "Column with the observed outcome, 0 or 1", Required = true };
        var group = new Option<string?>("--group") { Description = "Column whose values define the groups for per-group and fairness metrics" };
        var threshold = new Option<double>("--threshold") { Description = "Decision threshold on the score", DefaultValueFactory = _ => 0.5 };
        var reference = new Option<string?>("--reference") { Description = "Reference data (e.g. the development sample) to measure drift against" };
        var driftColumns = new Option<string?>("--drift-columns") { Description = "Comma-separated columns to compare with the reference; default: all shared columns" };
        var plan = new Option<string?>("--plan") { Description = "Test plan, JSON or YAML" };
        var tier = new Option<string?>("--tier") { Description = "Use the default test plan of a risk tier" };
        tier.AcceptOnlyFromAmong("low", "medium", "high", "critical");
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "markdown", "html");
        var output = new Option<string?>("--out") { Description = "Write the output to this file instead of stdout" };
        var id = new Option<string?>("--id") { Description = "Column that identifies a row; duplicates are reported" };
        var train = new Option<string?>("--train") { Description = "Training data; evaluation rows also found there are reported as leakage" };
        var leakageKeys = new Option<string?>("--leakage-keys") { Description = "Comma-separated columns identifying a row for the leakage check; default: every shared column but the score" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the fairness intervals (roc_auc_ci is DeLong's and needs none); 0 turns them off", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed for the bootstrap", DefaultValueFactory = _ => 12345 };
        var chunkRows = new Option<int>("--chunk-rows") { Description = "Rows read at a time", DefaultValueFactory = _ => 1 << 20 };
        var memoryBudget = new Option<long?>("--memory-budget-mb") { Description = "Stream score and label instead of holding them when they would exceed this (default: half the available memory)" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress messages on stderr" };

        var command = new Command("validate", "Validate a binary classifier's scores: performance, groups, fairness, drift, data quality and a test plan")
        {
            data, score, label, group, threshold, reference, driftColumns, plan, tier, format, output, id, train, leakageKeys, bootstrap, seed, chunkRows, memoryBudget, quiet,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(plan) is not null && result.GetValue(tier) is not null)
            {
                result.AddError("use either --plan or --tier, not both");
            }
        });

        command.SetAction(parsed =>
        {
            try
            {
                if (parsed.GetValue(chunkRows) < 1 || parsed.GetValue(bootstrap) < 0 || parsed.GetValue(memoryBudget) < 0)
                {
                    throw new InputException("--chunk-rows must be at least 1, and --bootstrap and --memory-budget-mb at least 0");
                }

                var testPlan = parsed.GetValue(plan) is { } planPath
                    ? TestPlanLoader.Load(planPath)
                    : parsed.GetValue(tier) is { } tierName
                        ? TestPlanLoader.ForTier(Enum.Parse<RiskTier>(tierName, ignoreCase: true))
                        : null;
                var request = new ValidationRequest(
                    parsed.GetValue(data)!,
                    parsed.GetValue(score)!,
                    parsed.GetValue(label)!,
                    parsed.GetValue(group),
                    parsed.GetValue(threshold),
                    parsed.GetValue(reference),
                    SplitList(parsed.GetValue(driftColumns)),
                    testPlan,
                    parsed.GetValue(id),
                    parsed.GetValue(train),
                    SplitList(parsed.GetValue(leakageKeys)),
                    new ValidationOptions(
                        parsed.GetValue(chunkRows),
                        parsed.GetValue(memoryBudget) is { } mb ? (mb > long.MaxValue >> 20 ? long.MaxValue : mb << 20) : null,
                        parsed.GetValue(bootstrap),
                        parsed.GetValue(seed)));

                var progress = parsed.GetValue(quiet) ? null : new StderrProgress(stderr);
                var result = new ValidationRunner(progress).Run(request);
                var text = parsed.GetValue(format) switch
                {
                    "markdown" => MarkdownReport.Render(result),
                    "html" => HtmlReport.Render(result),
                    _ => ValidationJsonWriter.ToJson(result) + Environment.NewLine,
                };

                if (parsed.GetValue(output) is { } outPath)
                {
                    File.WriteAllText(outPath, text);
                    stderr.WriteLine($"mrp: wrote {outPath}: {Summary(result)}");
                }
                else
                {
                    stdout.Write(text);
                }

                return result.Status == TestStatus.Fail ? TestsFailed : Passed;
            }
            catch (InputException e)
            {
                stderr.WriteLine($"mrp: {e.Message}");
                return BadInput;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"mrp: {OneLine(e.Message)}");
                return BadInput;
            }
            catch (Exception e)
            {
                // A bug, not bad input: say so plainly instead of hiding it behind a generic failure.
                stderr.WriteLine($"mrp: internal error ({e.GetType().FullName}): {OneLine(e.Message)}");
                return InternalError;
            }
        });
        return command;
    }

    private static string Summary(ValidationResult result)
    {
        if (result.Tests.Count == 0)
        {
            return $"{result.Rows} rows, no test plan";
        }

        var failed = result.Tests.Count(t => t.Status == TestStatus.Fail);
        var warned = result.Tests.Count(t => t.Status == TestStatus.Warn);
        return $"{PlanText.Name(result.Status).ToUpperInvariant()} ({result.Tests.Count} tests, {failed} failed, {warned} warned)";
    }

    private static IReadOnlyList<string>? SplitList(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string OneLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>
    /// Reports reading progress once work has taken a second, then at most once a second per file.
    /// Data and reference are read on two threads, hence the lock.
    /// </summary>
    private sealed class StderrProgress(TextWriter stderr) : IProgress<ReadProgress>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Dictionary<string, TimeSpan> last = [];
        private readonly Lock gate = new();

        public void Report(ReadProgress value)
        {
            lock (gate)
            {
                var now = clock.Elapsed;
                if (now < TimeSpan.FromSeconds(1) || now - last.GetValueOrDefault(value.File, TimeSpan.Zero) < TimeSpan.FromSeconds(1))
                {
                    return;
                }

                last[value.File] = now;
                var estimate = value.EstimatedRows > value.Rows ? $" of ~{Rows(value.EstimatedRows)}" : "";
                stderr.WriteLine($"reading {value.File}… {Rows(value.Rows)} rows{estimate}");
            }
        }

        private static string Rows(long rows) => rows switch
        {
            >= 1_000_000 => (rows / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",
            >= 1_000 => (rows / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k",
            _ => rows.ToString(CultureInfo.InvariantCulture),
        };
    }
}
