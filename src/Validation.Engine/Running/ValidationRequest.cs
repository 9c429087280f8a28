using ModelRisk.Validation.Engine.Plans;

namespace ModelRisk.Validation.Engine.Running;

/// <param name="DriftColumns">Columns compared with the reference; empty means every column the two files share
/// apart from the score, label, group and id.</param>
/// <param name="LeakageKeys">Columns that identify a row for the leakage check; empty hashes every shared column but the score.</param>
public sealed record ValidationRequest(
    string DataPath,
    string ScoreColumn,
    string LabelColumn,
    string? GroupColumn = null,
    double Threshold = 0.5,
    string? ReferencePath = null,
    IReadOnlyList<string>? DriftColumns = null,
    TestPlan? Plan = null,
    string? IdColumn = null,
    string? TrainPath = null,
    IReadOnlyList<string>? LeakageKeys = null,
    ValidationOptions? Options = null);

/// <param name="ChunkRows">Rows read per chunk; bounds the reader's buffers.</param>
/// <param name="MemoryBudgetBytes">Above this estimated size, score and label are streamed through the
/// accumulator instead of held in memory (only possible without a group column, whose metrics need them whole).</param>
public sealed record ValidationOptions(
    int ChunkRows = 1 << 20,
    long? MemoryBudgetBytes = null,
    int BootstrapResamples = 1000,
    int Seed = 12345,
    double ConfidenceLevel = 0.95,
    long MinGroupRows = 30)
{
    public static ValidationOptions Default { get; } = new();

    public long EffectiveMemoryBudget =>
        MemoryBudgetBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
}

public sealed record ReadProgress(string File, long Rows, long EstimatedRows);
