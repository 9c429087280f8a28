namespace ModelRisk.Validation.Engine.Statistics;

/// <summary>The few special functions the metrics need; .NET has no erf or incomplete gamma.</summary>
public static class SpecialFunctions
{
    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7; relative error near 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        var t = x + 7.5;
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a).</summary>
    public static double GammaQ(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        if (x <= 0)
        {
            return 1;
        }

        return x < a + 1 ? 1 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
    }

    /// <summary>Regularized lower incomplete gamma P(a, x).</summary>
    public static double GammaP(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        if (x <= 0)
        {
            return 0;
        }

        return x < a + 1 ? GammaSeries(a, x) : 1 - GammaContinuedFraction(a, x);
    }

    private static double GammaSeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < 10_000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-17)
            {
                break;
            }
        }

        return sum * Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a));
    }

    // Modified Lentz evaluation of the continued fraction for Γ(a, x).
    private static double GammaContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-17)
            {
                break;
            }
        }

        return Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a)) * h;
    }

    /// <summary>Complementary error function.</summary>
    public static double Erfc(double x) => x >= 0 ? GammaQ(0.5, x * x) : 2 - GammaQ(0.5, x * x);

    /// <summary>Standard normal CDF Φ(x).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>Standard normal quantile Φ⁻¹(p): Acklam's rational approximation polished by one Halley step.</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "must lie strictly between 0 and 1");
        }

        if (p > 0.5)
        {
            // 1 − p is exact here, and polishing in the lower tail avoids Φ(x) rounding to 1.
            return -NormalQuantile(1 - p);
        }

        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5])) /
                ((((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((((((((a[0] * r) + a[1]) * r) + a[2]) * r) + a[3]) * r) + a[4]) * r) + a[5]) * q) /
                (((((((((((b[0] * r) + b[1]) * r) + b[2]) * r) + b[3]) * r) + b[4]) * r) + 1));
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5])) /
                ((((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1);
        }

        for (var i = 0; i < 2; i++)
        {
            var e = NormalCdf(x) - p;
            var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
            x -= u / (1 + (x * u / 2));
        }

        return x;
    }

    /// <summary>Survival function of the chi-square distribution.</summary>
    public static double ChiSquareSf(double statistic, double degreesOfFreedom) =>
        statistic <= 0 ? 1 : GammaQ(degreesOfFreedom / 2, statistic / 2);

    /// <summary>
    /// P(D_n ≥ d) for the two-sided one-sample Kolmogorov statistic, evaluated as scipy's kstwo.sf does for
    /// large n: 1 − Pelz–Good CDF while n·d² &lt; 2.2, twice the one-sided tail beyond (by Lauwerier's
    /// expansion rather than the O(n) Birnbaum–Tingey sum), and 0 once n·d² ≥ 370.
    /// </summary>
    public static double KolmogorovSf(double n, double d)
    {
        if (d <= 0)
        {
            return 1;
        }

        if (d >= 1)
        {
            return 0;
        }

        var nd2 = n * d * d;
        if (nd2 >= 370)
        {
            return 0;
        }

        if (nd2 >= 2.2)
        {
            return Math.Clamp(2 * OneSidedTail(n, d), 0, 1);
        }

        return Math.Clamp(1 - PelzGoodCdf(n, d), 0, 1);
    }

    /// <summary>P(D_n⁺ ≥ d) ≈ e^(−2z²)·(1 − 2z/(3√n) + (2z²/3 − 4z⁴/9)/n) with z = √n·d.</summary>
    private static double OneSidedTail(double n, double d)
    {
        var z = Math.Sqrt(n) * d;
        var z2 = z * z;
        return Math.Exp(-2 * z2) * (1 - (2 * z / (3 * Math.Sqrt(n))) + (((2 * z2 / 3) - (4 * z2 * z2 / 9)) / n));
    }

    private static double PelzGoodCdf(double n, double x)
    {
        const double pi2 = Math.PI * Math.PI;
        const double pi4 = pi2 * pi2;
        const double pi6 = pi4 * pi2;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qlog = -pi2 / 8 / z2;
        if (qlog < -708)
        {
            return 0;
        }

        var q = Math.Exp(qlog);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * pi2 / 4;
        var k2c = pi4 * (1 - (2 * z2)) / 16;
        var k3d = pi6 * (5 - (30 * z2)) / 64;
        var k3c = pi4 * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = pi2 * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * z4 * z4);

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = (2 * k) - 1;
            double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qpower = Math.Pow(q, 8 * k);
            s0 = (s0 * qpower) + 1;
            s1 = (s1 * qpower) + k1a + (k1b * m2);
            s2 = (s2 * qpower) + k2a + (k2b * m2) + (k2c * m4);
            s3 = (s3 * qpower) + k3a + (k3b * m2) + (k3c * m4) + (k3d * m6);
        }

        var scale = q * sqrt2Pi;
        s0 *= scale / z;
        s1 *= scale / (6 * z4);
        s2 *= scale / (72 * z6 * z);
        s3 *= scale / (6480 * z6 * z4);

        var q2 = Math.Exp(-pi2 / 2 / z2);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2extra = 0, k3extra = 0;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q2, ksq);
            var kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }

        s2 += k2extra * pi2 * sqrt2Pi / (-36 * z3);
        s3 += k3extra * pi2 * sqrt2Pi / (216 * z6);
        return s0 + (s1 / Math.Sqrt(n)) + (s2 / n) + (s3 / (n * Math.Sqrt(n)));
    }
}
