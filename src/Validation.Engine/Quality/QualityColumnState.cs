namespace ModelRisk.Validation.Engine.Quality;

/// <summary>
/// What <see cref="QualityAccumulator"/> knows of one column, in a form shards can carry and merge:
/// the counts, and whether the column varies. <paramref name="First"/> is the first value seen (for a
/// categorical column its code in the dictionary the state is read or merged with).
/// </summary>
internal readonly record struct QualityColumnState(long NaN, long PositiveInfinity, long NegativeInfinity, bool Seen, bool Varies, double First);
