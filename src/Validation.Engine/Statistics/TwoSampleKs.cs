namespace ModelRisk.Validation.Engine.Statistics;

/// <summary>
/// Two-sided p-value of the two-sample Kolmogorov–Smirnov statistic, chosen as scipy's
/// <c>ks_2samp(method="auto")</c> chooses: the exact null distribution when neither sample has more than
/// <see cref="ExactMaxSize"/> rows, the asymptotic one (<see cref="SpecialFunctions.KolmogorovSf"/> at the
/// rounded effective size) otherwise, and also whenever the exact evaluation does not give a probability.
/// </summary>
/// <remarks>
/// The exact computation works on the integer lattice: with <c>g = gcd(n1, n2)</c> and
/// <c>L = lcm(n1, n2)</c>, the statistic is <c>h / L</c> for the integer <c>h = round(D·L)</c>, and
/// <c>P(D ≥ h/L)</c> is the share of the <c>C(n1 + n2, n1)</c> monotone lattice paths from (0, 0) to
/// (n1, n2) that reach <c>|x/n1 − y/n2| ≥ h/L</c> somewhere. Equal sizes use the reflection formula,
/// unequal sizes a column-by-column recursion on shares of paths (Hodges 1958, in the form of
/// Viehmann 2021 that carries the share of paths already outside, so no large binomials appear).
/// </remarks>
public static class TwoSampleKs
{
    /// <summary>The largest sample size for which scipy's default method is exact.</summary>
    public const int ExactMaxSize = 10_000;

    /// <summary>
    /// P(D ≥ d) for sample sizes <paramref name="n1"/> and <paramref name="n2"/> (both positive). The observed
    /// statistic always has a positive probability, so a value below the smallest double is reported as that
    /// double (4.9e-324) rather than as 0, which would read as "impossible".
    /// </summary>
    public static double PValue(long n1, long n2, double d)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n2);
        var p = Math.Max(n1, n2) <= ExactMaxSize && TryExact((int)n1, (int)n2, d, out var exact)
            ? exact
            : Asymptotic(n1, n2, d);
        return Math.Max(p, double.Epsilon);
    }

    /// <summary>kstwo.sf(d, round(n1·n2/(n1 + n2))), scipy's <c>method="asymp"</c>.</summary>
    public static double Asymptotic(long n1, long n2, double d)
    {
        var en = Math.Round((double)n1 * n2 / ((double)n1 + n2), MidpointRounding.ToEven);
        return SpecialFunctions.KolmogorovSf(en, d);
    }

    /// <summary>
    /// The exact P(D ≥ d); false (as scipy then falls back to the asymptotic method) when the result is not
    /// a probability, which the bounded recursions below should never produce.
    /// </summary>
    public static bool TryExact(int n1, int n2, double d, out double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n2);
        long g = Gcd(n1, n2);
        var lcm = n1 / g * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        if (h <= 0)
        {
            probability = 1;
            return true;
        }

        probability = n1 == n2 ? OutsideSquare(n1, h) : OutsideBand(n1, n2, g, h);
        return probability >= 0 && probability <= 1;
    }

    /// <summary>
    /// Equal sizes n: P(D ≥ h/n) = 2·Σ_{k≥1} (−1)^(k−1)·C(2n, n − kh)/C(2n, n). Every binomial is taken
    /// relative to the previous one (a product of h factors below 1) and the alternating sum is nested from
    /// its last term, so it neither overflows nor cancels.
    /// </summary>
    private static double OutsideSquare(long n, long h)
    {
        var nested = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            // C(2n, n − (k+1)h) / C(2n, n − kh).
            var ratio = 1.0;
            long top = n - (k * h), bottom = n + (k * h) + 1;
            for (long j = 0; j < h; j++)
            {
                ratio = (top - j) * ratio / (bottom + j);
            }

            nested = ratio * (1 - nested);
        }

        return 2 * nested;
    }

    /// <summary>
    /// Unequal sizes. With m ≥ n the larger and smaller size, a lattice point (x, y), 0 ≤ x ≤ m,
    /// 0 ≤ y ≤ n, lies inside the band when |x·n/g − y·m/g| &lt; h. For each point the recursion keeps the
    /// share of monotone paths from the origin to it that have left the band: 1 outside the band, and inside
    /// it (x·s(x−1, y) + y·s(x, y−1))/(x + y), since a share x/(x + y) of the paths arrive from the left.
    /// One column is kept; the band moves up monotonically, so rows above it stay 1 and only the rows
    /// inside it are updated.
    /// </summary>
    private static double OutsideBand(int n1, int n2, long g, long h)
    {
        int m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        long mg = m / g, ng = n / g;
        var share = new double[n + 1];
        var top = (int)Math.Min(CeilDiv(h, mg), n + 1);
        Array.Fill(share, 1.0);
        Array.Clear(share, 0, top);

        for (var x = 1; x <= m; x++)
        {
            var centre = ng * x;
            var low = (int)Math.Min(Math.Max(FloorDiv(centre - h, mg) + 1, 0), n);
            var high = (int)Math.Min(CeilDiv(centre + h, mg), n + 1);
            if (high <= low)
            {
                // No point of this column is inside: every path leaves the band.
                return 1;
            }

            double column = x;
            var below = low == 0 ? 0.0 : 1.0;
            for (var y = low; y < high; y++)
            {
                below = ((share[y] * column) + (below * y)) / (column + y);
                share[y] = below;
            }
        }

        return share[n];
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
