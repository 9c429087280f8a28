namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>
/// The facts separation of duties is judged on, captured when they happen and never edited afterwards: who registered
/// the model, who authored the version under review, who owned the model when the review was opened, who submitted
/// the review (everyone who did, when it was returned and resubmitted) and who validated it.
/// </summary>
public sealed record ReviewFacts(
    string ModelRegistrant,
    IReadOnlyCollection<string> VersionAuthors,
    string OwnerAtReview,
    IReadOnlyCollection<string> Submitters,
    string? Validator);
