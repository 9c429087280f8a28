namespace ModelRisk.Validation.Engine;

/// <summary>Neumaier summation: sums over millions of rows stay within a few ulps of the exact value.</summary>
internal struct CompensatedSum
{
    private double sum;
    private double compensation;

    public void Add(double value)
    {
        var t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }

    public readonly double Value => sum + compensation;
}
