using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests.Infrastructure;

/// <summary>The cast of the findings workflow, as tokens.</summary>
public static class People
{
    public const string Org = "acme-lending";

    public static string Owner => TestIdentity.Token("olivia.owner", ["model-owner"], [Org]);
    public static string Developer => TestIdentity.Token("dev.one", ["model-owner"], [Org]);
    public static string OtherOrgOwner => TestIdentity.Token("nate.owner", ["model-owner"], ["northwind-health"]);
    public static string Analyst => TestIdentity.Token("riley.analyst", ["risk-analyst"]);
    public static string Approver => TestIdentity.Token("avery.approver", ["approver"]);
    public static string Auditor => TestIdentity.Token("aud.itor", ["auditor"]);

    /// <summary>A risk analyst who is also the finding's owner: separation of duties refuses their verification.</summary>
    public static string OwningAnalyst => TestIdentity.Token("olivia.owner", ["risk-analyst"], [Org]);

    /// <summary>A risk analyst who remediated the finding: refused as its verifier too.</summary>
    public static string RemediatingAnalyst => TestIdentity.Token("dev.one", ["risk-analyst"], [Org]);
}
