using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// What one shard found in one column. Categorical values are carried by name (each shard numbers its categories
/// in its own order), in the order they first appear in the shard, with a count each.
/// </summary>
/// <param name="Quality">The quality counts; for a categorical column its First is unused and <paramref name="FirstName"/> holds the first value.</param>
/// <param name="Categories">Categorical columns: the names in order of first appearance.</param>
/// <param name="CategoryCounts">Rows per name in <paramref name="Categories"/>.</param>
/// <param name="Values">Numeric drift columns: the finite values as a distinct-value table (in memory or in a statistics file).</param>
internal sealed record ShardColumn(
    ColumnSpec Spec,
    long Missing,
    QualityColumnState Quality,
    string? FirstName,
    IReadOnlyList<string>? Categories,
    long[]? CategoryCounts,
    SortedRun? Values);
