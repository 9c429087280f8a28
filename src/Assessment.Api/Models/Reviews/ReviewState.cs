namespace ModelRisk.Assessment.Models.Reviews;

public enum ReviewState
{
    Draft,
    Submitted,
    Returned,
    InReview,
    Decided,
    Closed,
    Reopened,
}
