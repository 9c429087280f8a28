using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Sla;

namespace ModelRisk.Findings.Features.Findings;

/// <summary>What the finding handlers need besides the request: one bundle instead of a long parameter list.</summary>
public sealed record FindingServices(FindingsDbContext Db, TimeProvider Time, SlaPolicies Sla);
