namespace ModelRisk.Contracts.Validation.V1;

// Events are immutable facts; a breaking change gets a new namespace (V2), never an edit here.
// Ids are opaque strings, enums travel as their string names, times are UTC.

/// <summary>
/// A validation run attached to a review finished with a result. <see cref="Outcome"/> is Passed (no test failed),
/// Failed (at least one plan test failed) or Errored (the data could not be validated; <see cref="Reason"/> says why).
/// Each failed test is also raised as its own finding, keyed by run and test.
/// </summary>
public sealed record ValidationCompleted(
    string RunId,
    string ReviewId,
    string ModelId,
    string ModelVersionId,
    string Org,
    string Outcome,
    string? Reason,
    long Rows,
    string? PlanName,
    int TestsPassed,
    int TestsWarned,
    int TestsFailed,
    IReadOnlyList<string> FailedTests,
    string? ResultSha256,
    DateTimeOffset OccurredAt);
