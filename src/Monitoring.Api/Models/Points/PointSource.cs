namespace ModelRisk.Monitoring.Models.Points;

/// <summary>Where a point came from: pushed by the model's pipeline, or computed by a worker from a window of logs.</summary>
public enum PointSource
{
    Pushed = 1,
    Evaluated = 2,
}
