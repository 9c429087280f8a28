namespace ModelRisk.ServiceKit.Domain;

/// <summary>An entity that belongs to one org; every query over it is scoped to the caller's orgs.</summary>
public interface IOrgOwned
{
    string Org { get; }
}
