using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.Assessment.Models.Log;

/// <summary>
/// An aggregate whose changes go into the decision log: it records facts, and the DbContext's save chains them into
/// the org's log in the same transaction as the change.
/// </summary>
public abstract class LoggedAggregate : Aggregate
{
    private readonly List<LogFact> _facts = [];

    protected void Log(LogFact fact) => _facts.Add(fact);

    /// <summary>The facts recorded since the last save, removed as they are taken.</summary>
    public IReadOnlyList<LogFact> TakeLogFacts()
    {
        var taken = _facts.ToList();
        _facts.Clear();
        return taken;
    }
}
