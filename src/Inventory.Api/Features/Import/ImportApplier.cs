using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.ServiceDefaults.Identity;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// Applies the rows of a file that was read in full: each row creates or updates the model with that org and key
/// through <see cref="ModelChanges"/>, or is rejected with its reasons. The accepted rows are saved together with
/// their events, in one transaction, unless it is a dry run.
/// </summary>
internal static class ImportApplier
{
    public static async Task<ImportReport> ApplyAsync(IReadOnlyList<ImportRow> rows, bool dryRun, WriteScope scope, string actor,
        InventoryDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var results = new List<ImportRowResult>(rows.Count);
        var seen = new HashSet<(string, string)>();

        // One query for every model the file names, instead of one per row.
        var keys = rows.Where(r => r.Request?.Org is not null && r.Request.Key is not null).Select(r => r.Request!.Org + "/" + r.Request.Key).ToHashSet();
        var orgs = rows.Select(r => r.Request?.Org).OfType<string>().Distinct().ToArray();
        var keyNames = rows.Select(r => r.Request?.Key).OfType<string>().Distinct().ToArray();
        var existing = (await db.Models.Where(m => orgs.Contains(m.Org) && keyNames.Contains(m.Key)).ToListAsync(ct))
            .Where(m => keys.Contains(m.Org + "/" + m.Key))
            .ToDictionary(m => (m.Org, m.Key));

        foreach (var row in rows)
        {
            var request = row.Request;
            if (request is null || row.Errors.Count > 0)
            {
                results.Add(new ImportRowResult(row.Line, request?.Org, request?.Key, ImportOutcome.Rejected, null, row.Errors));
                continue;
            }
            var errors = ModelValidation.ValidateRegistration(request);
            if (errors.Count > 0)
            {
                results.Add(new ImportRowResult(row.Line, request.Org, request.Key, ImportOutcome.Rejected, null, errors));
                continue;
            }
            if (!scope.Includes(request.Org!))
            {
                results.Add(Rejected(row.Line, request, "org", "You may import models only into your orgs."));
                continue;
            }
            if (!seen.Add((request.Org!, request.Key!)))
            {
                results.Add(Rejected(row.Line, request, "key", "This org and key appear earlier in the file."));
                continue;
            }
            if (existing.TryGetValue((request.Org!, request.Key!), out var model))
            {
                var changed = ModelChanges.Update(db, model, request.MergeInto(model.Details), actor, now);
                var outcome = changed.Count == 0 ? ImportOutcome.Unchanged : ImportOutcome.Updated;
                results.Add(new ImportRowResult(row.Line, model.Org, model.Key, outcome, model.Id, null));
            }
            else
            {
                var created = ModelChanges.Register(db, request, actor, now);
                results.Add(new ImportRowResult(row.Line, created.Org, created.Key, ImportOutcome.Created, created.Id, null));
            }
        }

        if (!dryRun)
        {
            await db.SaveChangesAsync(ct);
        }
        return new ImportReport(dryRun, rows.Count,
            results.Count(r => r.Outcome == ImportOutcome.Created), results.Count(r => r.Outcome == ImportOutcome.Updated),
            results.Count(r => r.Outcome == ImportOutcome.Unchanged), results.Count(r => r.Outcome == ImportOutcome.Rejected), results);
    }

    private static ImportRowResult Rejected(int line, RegisterModelRequest request, string field, string reason) =>
        new(line, request.Org, request.Key, ImportOutcome.Rejected, null, new Dictionary<string, string[]> { [field] = [reason] });
}
