namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>The realm roles of the <c>model-risk</c> realm (docs/architecture.md, identity and tenancy).</summary>
public static class PlatformRoles
{
    public const string ModelOwner = "model-owner";
    public const string RiskAnalyst = "risk-analyst";
    public const string Approver = "approver";
    public const string Auditor = "auditor";
    public const string Operator = "operator";
    public const string PlatformAdmin = "platform-admin";
    public const string Integration = "integration";

    public static readonly IReadOnlyList<string> All =
        [ModelOwner, RiskAnalyst, Approver, Auditor, Operator, PlatformAdmin, Integration];

    /// <summary>
    /// Second- and third-line roles that see every org. Seeing is not changing: each write names the roles that
    /// may make it across orgs (<see cref="CallerExtensions.WriteScope"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> CrossOrg = [RiskAnalyst, Approver, Auditor, PlatformAdmin];
}
