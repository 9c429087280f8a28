using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Findings.Models.Sla;

/// <summary>An org's SLA policy, edited with If-Match like any aggregate. An org without one uses <see cref="SlaTerms.Default"/>.</summary>
public sealed class SlaPolicy : Aggregate, IOrgOwned
{
    private SlaPolicy()
    {
    }

    public string Org { get; private set; } = "";

    public SlaTerms Terms { get; private set; } = SlaTerms.Default;

    public string UpdatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public static SlaPolicy Create(string org, SlaTerms terms, string actor, DateTimeOffset now)
    {
        var policy = new SlaPolicy { Id = NewId(), Org = org };
        policy.Replace(terms, actor, now);
        return policy;
    }

    public void Replace(SlaTerms terms, string actor, DateTimeOffset now)
    {
        Terms = terms;
        UpdatedBy = actor;
        UpdatedAt = now;
        Touch();
    }
}
