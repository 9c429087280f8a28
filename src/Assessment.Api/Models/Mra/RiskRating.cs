namespace ModelRisk.Assessment.Models.Mra;

/// <summary>A cell of the 5×5 matrix; the score is likelihood × impact.</summary>
public sealed record RiskRating(int? Likelihood, int? Impact)
{
    public int? Score => Likelihood * Impact;
}
