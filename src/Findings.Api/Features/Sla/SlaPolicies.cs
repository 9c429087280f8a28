using Microsoft.EntityFrameworkCore;
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Models.Sla;

namespace ModelRisk.Findings.Features.Sla;

/// <summary>The SLA terms in force for an org: its own policy, or the default.</summary>
public sealed class SlaPolicies(FindingsDbContext db)
{
    private readonly Dictionary<string, SlaTerms> _read = new(StringComparer.Ordinal);

    public async Task<SlaTerms> TermsForAsync(string org, CancellationToken ct)
    {
        if (!_read.TryGetValue(org, out var terms))
        {
            terms = (await db.SlaPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Org == org, ct))?.Terms ?? SlaTerms.Default;
            _read[org] = terms;
        }
        return terms;
    }
}
