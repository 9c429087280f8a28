namespace ModelRisk.Findings.Models.Findings;

/// <summary>Who may verify or accept a finding, on facts the finding recorded (its owner and everyone who remediated it).</summary>
public static class SeparationOfDuties
{
    public static string? WhyNotVerifier(string verifier, string owner, IReadOnlyCollection<string> remediators)
    {
        if (string.Equals(verifier, owner, StringComparison.OrdinalIgnoreCase))
        {
            return $"{verifier} owns this finding; someone independent of the owner must verify the fix.";
        }
        return remediators.Contains(verifier, StringComparer.OrdinalIgnoreCase)
            ? $"{verifier} remediated this finding; someone independent of the remediation must verify the fix."
            : null;
    }

    public static string? WhyNotRiskApprover(string approver, string owner) =>
        string.Equals(approver, owner, StringComparison.OrdinalIgnoreCase)
            ? $"{approver} owns this finding and may not accept its risk."
            : null;
}
