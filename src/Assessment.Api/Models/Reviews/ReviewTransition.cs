namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>One move of a review, with who made it and when.</summary>
public sealed record ReviewTransition(ReviewState From, ReviewState To, string Actor, DateTimeOffset At, string? Note);
