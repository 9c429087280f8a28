using Microsoft.AspNetCore.Authorization;

namespace ModelRisk.ServiceDefaults.Identity;

/// <summary>
/// Authorization policies by role, shared by the gateway (per route) and the services (per endpoint)
/// so that both enforce the same rule from one definition.
/// </summary>
public static class PlatformPolicies
{
    /// <summary>Any signed-in platform user or integration.</summary>
    public const string Authenticated = "platform-user";
    public const string InventoryRead = "inventory-read";
    public const string InventoryWrite = "inventory-write";
    public const string RiskTierWrite = "risk-tier-write";

    /// <summary>Lifecycle moves: the writers, plus approvers (who may approve, hold or suspend, and nothing else).</summary>
    public const string LifecycleWrite = "inventory-lifecycle";

    public const string AssessmentRead = "assessment-read";

    /// <summary>Tier a model, open a review, attach evidence, submit: the model's own team (and analysts, admins).</summary>
    public const string AssessmentWrite = "assessment-write";

    /// <summary>Intake and validation: return or accept a review, assign the validator, write the assessment, override a tier.</summary>
    public const string ReviewValidate = "review-validate";

    /// <summary>Propose and sign decisions.</summary>
    public const string ReviewDecide = "review-decide";

    /// <summary>Close or reopen a decided review.</summary>
    public const string ReviewClose = "review-close";

    /// <summary>Submit or cancel a validation run on a review: independent validators, and the pipelines they run it from.</summary>
    public const string ValidationRunWrite = "validation-run-write";

    /// <summary>Publish a new tiering policy version.</summary>
    public const string PolicyPublish = "policy-publish";

    /// <summary>Sign a decision log's head on demand.</summary>
    public const string DecisionLogSign = "decision-log-sign";

    /// <summary>Every write route of the Assessment service, for the gateway's catch-all write route.</summary>
    public const string AssessmentAnyWrite = "assessment-any-write";

    public const string FindingsRead = "findings-read";

    /// <summary>Raise findings by hand, edit and remediate them, attach evidence, comment, report incidents: the model's team (and analysts, admins).</summary>
    public const string FindingsWrite = "findings-write";

    /// <summary>Verify a remediated finding, which closes it: second line only, never the owner or remediator (checked per finding).</summary>
    public const string FindingVerify = "finding-verify";

    /// <summary>Accept the risk of a finding until an expiry date: approvers.</summary>
    public const string FindingRiskAccept = "finding-risk-accept";

    /// <summary>An org's SLA policy (days per severity, calendar, escalation, webhook).</summary>
    public const string SlaPolicyWrite = "sla-policy-write";

    /// <summary>Whether an incident falls under the EU AI Act's serious-incident reporting, and when it was reported.</summary>
    public const string IncidentRegulatory = "incident-regulatory";

    /// <summary>Every write route of the Findings service, for the gateway's catch-all write route.</summary>
    public const string FindingsAnyWrite = "findings-any-write";

    /// <summary>Plans, series, alerts and coverage of the monitoring service.</summary>
    public const string MonitoringRead = "monitoring-read";

    /// <summary>Create, change and retire monitoring plans, and evaluate a window now: the model's team (and analysts, admins, pipelines).</summary>
    public const string MonitoringPlanWrite = "monitoring-plan-write";

    /// <summary>Push metric points, prediction logs and late labels: the model's pipeline (integration) and its owners.</summary>
    public const string MonitoringIngest = "monitoring-ingest";

    /// <summary>Acknowledge an alert: the model's team and analysts.</summary>
    public const string MonitoringAlertWrite = "monitoring-alert-write";

    /// <summary>Every write route of the Monitoring service, for the gateway's catch-all write route.</summary>
    public const string MonitoringAnyWrite = "monitoring-any-write";

    public static void AddPlatformPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.All));
        options.AddPolicy(InventoryRead, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.Auditor,
            PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(InventoryWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(LifecycleWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration, PlatformRoles.Approver));
        options.AddPolicy(RiskTierWrite, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst));
        options.AddPolicy(AssessmentRead, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.Auditor,
            PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(AssessmentWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(ReviewValidate, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst));
        options.AddPolicy(ReviewDecide, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Approver));
        options.AddPolicy(ReviewClose, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst, PlatformRoles.Approver));
        options.AddPolicy(ValidationRunWrite, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst, PlatformRoles.Integration));
        options.AddPolicy(PolicyPublish, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.PlatformAdmin));
        options.AddPolicy(DecisionLogSign, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.PlatformAdmin));
        options.AddPolicy(AssessmentAnyWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(FindingsRead, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.Auditor,
            PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(FindingsWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(FindingVerify, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst, PlatformRoles.Approver));
        options.AddPolicy(FindingRiskAccept, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Approver));
        options.AddPolicy(SlaPolicyWrite, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin));
        options.AddPolicy(IncidentRegulatory, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.RiskAnalyst));
        options.AddPolicy(MonitoringRead, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.Auditor,
            PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(MonitoringPlanWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(MonitoringIngest, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.ModelOwner, PlatformRoles.Integration));
        options.AddPolicy(MonitoringAlertWrite, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst));
        options.AddPolicy(MonitoringAnyWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
        options.AddPolicy(FindingsAnyWrite, p => p.RequireAuthenticatedUser().RequireRole(
            PlatformRoles.ModelOwner, PlatformRoles.RiskAnalyst, PlatformRoles.Approver, PlatformRoles.PlatformAdmin, PlatformRoles.Integration));
    }
}
