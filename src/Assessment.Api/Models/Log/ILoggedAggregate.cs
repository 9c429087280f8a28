namespace ModelRisk.Assessment.Models.Log;

/// <summary>An aggregate whose changes go into the decision log.</summary>
public interface ILoggedAggregate
{
    /// <summary>The facts recorded since the last save, removed as they are taken.</summary>
    IReadOnlyList<LogFact> TakeLogFacts();
}
