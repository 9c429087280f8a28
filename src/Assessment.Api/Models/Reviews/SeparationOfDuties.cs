namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>
/// Who may validate and who may approve a review. Each rule is checked against <see cref="ReviewFacts"/>, so nobody
/// passes a check by editing the model's owner or the review after the fact. Names compare exactly (the identity
/// provider's usernames).
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>Why <paramref name="validator"/> may not validate the review; null when independent.</summary>
    public static string? WhyNotValidator(string validator, ReviewFacts facts)
    {
        if (validator == facts.OwnerAtReview)
        {
            return $"{validator} owns the model and cannot validate it.";
        }
        if (validator == facts.ModelRegistrant)
        {
            return $"{validator} registered the model and cannot validate it.";
        }
        if (facts.VersionAuthors.Contains(validator))
        {
            return $"{validator} authored the version under review and cannot validate it.";
        }
        return facts.Submitters.Contains(validator) ? $"{validator} submitted the review and cannot validate it." : null;
    }

    /// <summary>Why <paramref name="approver"/> may not sign the review's decision; null when independent.</summary>
    public static string? WhyNotApprover(string approver, ReviewFacts facts)
    {
        if (approver == facts.ModelRegistrant)
        {
            return $"{approver} registered the model and cannot approve it.";
        }
        if (facts.VersionAuthors.Contains(approver))
        {
            return $"{approver} authored the version under review and cannot approve it.";
        }
        if (facts.Submitters.Contains(approver))
        {
            return $"{approver} submitted the review and cannot approve it.";
        }
        if (approver == facts.Validator)
        {
            return $"{approver} validated the review and cannot approve it.";
        }
        return approver == facts.OwnerAtReview ? $"{approver} owned the model when the review opened and cannot approve it." : null;
    }
}
