using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Findings;
using ModelRisk.Findings.Features.FromSources;
using ModelRisk.Findings.Features.Incidents;
using ModelRisk.Findings.Features.Sla;
using ModelRisk.Findings.Features.Webhooks;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Findings;

/// <summary>The Findings service's composition root: its database, bus and consumers, the SLA sweep, the webhook dispatcher and endpoints.</summary>
public static class FindingsModule
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddFindings(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<FindingsDbContext, SqliteFindingsDbContext, SqlServerFindingsDbContext>(FindingsDbContext.ConnectionName);
        builder.AddPlatformMessaging<FindingsDbContext>("findings", bus =>
        {
            bus.AddConsumer<FindingRaisedConsumer>();
            bus.AddConsumer<ConditionOfApprovalSetConsumer>();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<SlaPolicies>();
        builder.Services.AddOptions<SweepOptions>().Bind(builder.Configuration.GetSection(SweepOptions.SectionName))
            .Validate(o => o.Interval > TimeSpan.Zero && o.BatchSize > 0, $"{SweepOptions.SectionName} needs a positive Interval and BatchSize.")
            .ValidateOnStart();
        builder.Services.AddScoped<SlaSweep>();
        builder.Services.AddHostedService<SlaSweepService>();
        builder.AddWebhookDelivery<FindingsDbContext>();
        builder.AddPlatformOpenApi("Findings",
            "Findings and incidents: every problem a validation, a condition of approval, a monitoring alert, an incident or an audit found, with its "
            + "severity, owner, SLA due date, remediation, independent verification and full history; incidents with their regulatory report deadlines; "
            + "SLA policies, adherence and the escalation webhook log. Scoped to the caller's orgs. "
            + "Call it through the gateway at /api/findings with a bearer token from the platform's realm.",
            new Dictionary<string, string>
            {
                ["Findings"] = "Raise, list, export and work findings from open through remediation and independent verification to closure.",
                ["Incidents"] = "Model incidents: timeline, mitigation, postmortem, corrective actions and the EU AI Act report deadline.",
                ["SLA"] = "Each org's SLA policy (days per severity, calendar, escalation, webhook) and the adherence to it.",
                ["Webhooks"] = "The log of signed escalation and reminder webhooks and their delivery attempts.",
            });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication MapFindings(this WebApplication app)
    {
        app.MapFindingEndpoints();
        app.MapIncidentEndpoints();
        app.MapSlaEndpoints();
        app.MapDeliveryEndpoints();
        return app;
    }
}
