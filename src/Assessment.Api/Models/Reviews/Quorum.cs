using ModelRisk.Assessment.Models.Tiering;

namespace ModelRisk.Assessment.Models.Reviews;

/// <summary>Whether a decision's signatures meet the tier's quorum: enough distinct approvers holding a counting role.</summary>
public static class Quorum
{
    public static int Counting(ApprovalQuorum quorum, IEnumerable<Signature> signatures) =>
        signatures.Where(s => s.Roles.Any(quorum.Roles.Contains)).Select(s => s.Approver).Distinct(StringComparer.Ordinal).Count();

    public static bool IsMet(ApprovalQuorum quorum, IEnumerable<Signature> signatures) => Counting(quorum, signatures) >= quorum.Count;

    /// <summary>Why this signer's signature cannot count; null when it may be added.</summary>
    public static string? WhyNotSigner(ApprovalQuorum quorum, IEnumerable<Signature> signatures, string approver, IReadOnlyCollection<string> roles)
    {
        if (!roles.Any(quorum.Roles.Contains))
        {
            return $"Signing needs one of the roles {string.Join(", ", quorum.Roles)}.";
        }
        return signatures.Any(s => s.Approver == approver) ? $"{approver} has already signed this decision." : null;
    }
}
