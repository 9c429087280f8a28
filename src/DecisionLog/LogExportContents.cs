using System.Text;
using System.Text.Json;

namespace ModelRisk.DecisionLog;

/// <summary>What an export holds.</summary>
public sealed record LogExportContents(IReadOnlyList<LogEntry> Entries, IReadOnlyList<Checkpoint> Checkpoints)
{
    /// <summary>Verifies every org in the export, each against the checkpoints of that org.</summary>
    public IReadOnlyList<ChainVerification> Verify(CheckpointKeys keys) =>
        [.. Entries.Select(e => e.Org).Concat(Checkpoints.Select(c => c.Org)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(org => ChainVerifier.Verify(org, Entries.Where(e => e.Org == org), Checkpoints, keys))];
}
