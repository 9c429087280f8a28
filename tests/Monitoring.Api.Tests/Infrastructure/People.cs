using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Monitoring.Tests.Infrastructure;

/// <summary>The cast of the monitoring workflow, as tokens, in an org of the test's own so tests do not see each other's data.</summary>
public sealed class People(string org)
{
    public string Org { get; } = org;

    public static People InNewOrg(string prefix = "mon") => new($"{prefix}-{Guid.NewGuid():N}"[..20]);

    public string Owner => TestIdentity.Token("olivia.owner", [PlatformRoles.ModelOwner], [Org]);

    /// <summary>The model's CI pipeline: a service account of the org.</summary>
    public string Pipeline => TestIdentity.Token("pipeline-bot", [PlatformRoles.Integration], [Org]);

    public static string OtherOrgOwner => TestIdentity.Token("nate.owner", [PlatformRoles.ModelOwner], ["northwind-health"]);
    public static string Analyst => TestIdentity.Token("riley.analyst", [PlatformRoles.RiskAnalyst]);
    public static string Auditor => TestIdentity.Token("audrey.auditor", [PlatformRoles.Auditor]);
    public static string Approver => TestIdentity.Token("avery.approver", [PlatformRoles.Approver]);
}
