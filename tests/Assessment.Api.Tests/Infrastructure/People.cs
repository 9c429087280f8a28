using ModelRisk.TestSupport;

namespace ModelRisk.Assessment.Tests.Infrastructure;

/// <summary>The cast of the review workflow, as tokens.</summary>
public static class People
{
    public const string Org = "acme-lending";

    public static string Owner => TestIdentity.Token("olivia.owner", ["model-owner"], [Org]);
    public static string OtherOrgOwner => TestIdentity.Token("nate.owner", ["model-owner"], ["northwind-health"]);
    public static string Analyst => TestIdentity.Token("riley.analyst", ["risk-analyst"]);
    public static string Approver => TestIdentity.Token("avery.approver", ["approver"]);
    public static string SecondApprover => TestIdentity.Token("blake.approver", ["approver"]);

    /// <summary>An approver who is also the model's owner: separation of duties refuses their signature.</summary>
    public static string OwningApprover => TestIdentity.Token("olivia.owner", ["approver"], [Org]);
    public static string Auditor => TestIdentity.Token("aud.itor", ["auditor"]);
    public static string Admin => TestIdentity.Token("pat.admin", ["platform-admin"]);
}
