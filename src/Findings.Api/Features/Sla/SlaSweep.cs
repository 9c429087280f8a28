using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Webhooks;
using ModelRisk.Findings.Models.Findings;

namespace ModelRisk.Findings.Features.Sla;

/// <summary>
/// The scheduled sweep (ADR 083): reads what is due by the <c>next_sweep_at</c> index (overdue findings, escalations to
/// the risk function, expired acceptances, incident report reminders) and applies each through its aggregate, with the
/// webhook deliveries it causes staged in the same save. Safe with several replicas: each save is guarded by the
/// aggregate's revision, so when two replicas sweep the same finding one save wins and the other writes nothing.
/// </summary>
public sealed class SlaSweep(FindingsDbContext db, TimeProvider time, IOptions<SweepOptions> options, ILogger<SlaSweep> logger)
{
    public async Task<SweepResult> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var batch = options.Value.BatchSize;
        var policies = new SlaPolicies(db);
        int swept = 0, escalations = 0, expired = 0, reminders = 0, lost = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var due = await db.Findings.AsNoTracking()
                .Where(f => f.NextSweepAt != null && f.NextSweepAt <= now)
                .OrderBy(f => f.NextSweepAt).Take(batch).Select(f => f.Id).ToListAsync(ct);
            due = [.. due.Where(seen.Add)];
            if (due.Count == 0)
            {
                break;
            }
            foreach (var id in due)
            {
                db.ChangeTracker.Clear();
                var finding = await db.Findings.FirstAsync(f => f.Id == id, ct);
                var terms = await policies.TermsForAsync(finding.Org, ct);
                var wasAccepted = finding.State == FindingState.RiskAccepted;
                var raised = finding.Sweep(terms, now);
                if (terms.WebhookUrl is { } url)
                {
                    foreach (var escalation in raised)
                    {
                        db.WebhookDeliveries.Add(WebhookPayloads.Escalation(finding, escalation, url, now));
                    }
                }
                try
                {
                    await db.SaveChangesAsync(ct);
                    swept++;
                    escalations += raised.Count;
                    expired += wasAccepted && finding.State == FindingState.Reopened ? 1 : 0;
                }
                catch (DbUpdateConcurrencyException)
                {
                    lost++;
                    logger.LogInformation("Finding {FindingId} changed while it was swept (another replica or an edit); the next round looks again", id);
                }
            }
        }
        while (true)
        {
            var due = await db.Incidents.AsNoTracking()
                .Where(i => i.NextSweepAt != null && i.NextSweepAt <= now)
                .OrderBy(i => i.NextSweepAt).Take(batch).Select(i => i.Id).ToListAsync(ct);
            due = [.. due.Where(seen.Add)];
            if (due.Count == 0)
            {
                break;
            }
            foreach (var id in due)
            {
                db.ChangeTracker.Clear();
                var incident = await db.Incidents.FirstAsync(i => i.Id == id, ct);
                if (!incident.TakeReminder(now))
                {
                    continue;
                }
                var terms = await policies.TermsForAsync(incident.Org, ct);
                if (terms.WebhookUrl is { } url)
                {
                    db.WebhookDeliveries.Add(WebhookPayloads.ReportDue(incident, url, now));
                }
                try
                {
                    await db.SaveChangesAsync(ct);
                    reminders++;
                }
                catch (DbUpdateConcurrencyException)
                {
                    lost++;
                }
            }
        }
        db.ChangeTracker.Clear();
        return new SweepResult(swept, escalations, expired, reminders, lost);
    }
}
