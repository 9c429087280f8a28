namespace ModelRisk.Validation.Engine.Statistics;

/// <summary>
/// The Kolmogorov distribution of the two-sided statistic D_n, evaluated as scipy 1.10's <c>kstwo.sf</c>
/// (<c>scipy.stats._ksstats._kolmogn</c>, Simard and L'Ecuyer 2011) chooses its method: Ruben–Gambino at the
/// ends, twice the exact one-sided Smirnov tail (Birnbaum–Tingey sum) in the tail, Durbin's matrix (Marsaglia,
/// Tsang and Wang) or Pomeranz's recursion for small n·d, and the Pelz–Good expansion for large n near the centre.
/// </summary>
public static partial class SpecialFunctions
{
    private const int SmallN = 140;
    private const int DurbinMaxN = 100_000;
    private const int SmirnovMaxN = 1_000_000;
    private const double Scale = 3.402823669209385e38; // 2^128, scipy's rescaling step
    private const int ScaleExponent = 128;
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// P(D_n ≥ d) for the two-sided one-sample Kolmogorov statistic, as <c>scipy.stats.kstwo.sf(d, n)</c>.
    /// Where scipy stops at 0 (n·d² ≥ 370, beyond double range of its sum) this keeps evaluating the sum,
    /// which then gives the subnormal value or 0 only when the probability is below the smallest double.
    /// </summary>
    public static double KolmogorovSf(double n, double d)
    {
        if (double.IsNaN(d) || !(n >= 1) || n != Math.Floor(n) || n > int.MaxValue)
        {
            return double.NaN;
        }

        var size = (int)n;
        if (d >= 1)
        {
            return 0;
        }

        if (d <= 0)
        {
            return 1;
        }

        var t = n * d;
        if (t <= 1)
        {
            if (t <= 0.5)
            {
                return 1;
            }

            return Math.Clamp(1 - RubenGambinoCdf(size, t), 0, 1);
        }

        if (t >= n - 1)
        {
            return Math.Clamp(2 * Math.Pow(1 - d, n), 0, 1);
        }

        if (d >= 0.5)
        {
            return Math.Clamp(2 * SmirnovSf(size, d), 0, 1);
        }

        var nd2 = t * d;
        if (size <= SmallN)
        {
            var cdf = nd2 <= 0.754693 ? DurbinCdf(size, d)
                : nd2 <= 4 ? PomeranzCdf(size, d)
                : double.NaN;
            return double.IsNaN(cdf) ? Math.Clamp(2 * SmirnovSf(size, d), 0, 1) : Math.Clamp(1 - cdf, 0, 1);
        }

        if (nd2 >= 2.2)
        {
            return Math.Clamp(2 * SmirnovSf(size, d), 0, 1);
        }

        var centre = size <= DurbinMaxN && n * Math.Pow(d, 1.5) <= 1.4 ? DurbinCdf(size, d) : PelzGoodCdf(n, d);
        return Math.Clamp(1 - centre, 0, 1);
    }

    /// <summary>P(D_n ≤ d) for 1/(2n) &lt; d ≤ 1/n: n!/n^n·(2nd − 1)^n.</summary>
    private static double RubenGambinoCdf(int n, double t)
    {
        if (n <= SmallN)
        {
            var product = 1.0;
            for (var i = 1; i <= n; i++)
            {
                product *= i * (1.0 / n) * ((2 * t) - 1);
            }

            return product;
        }

        return Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
    }

    /// <summary>log(n!/n^n) by Stirling's series, with n·log(n) taken out first so nothing cancels.</summary>
    private static double LogFactorialOverPower(int n)
    {
        ReadOnlySpan<double> stirling =
        [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ];
        var rn = 1.0 / n;
        var rn2 = rn / n;
        var series = 0.0;
        foreach (var c in stirling)
        {
            series = (series * rn2) + c;
        }

        return (Math.Log(n) / 2) - n + (Math.Log(2 * Math.PI) / 2) + (rn * series);
    }

    /// <summary>
    /// P(D_n⁺ ≥ d), the one-sided Smirnov tail, as scipy.special.smirnov: the Birnbaum–Tingey sum
    /// d·Σ_v C(n, v)(d + v/n)^(v−1)(1 − d − v/n)^(n−v) over v ≤ n(1 − d). Each term is carried as its
    /// logarithm, updated from the previous one by a ratio whose parts are all of order one (so n terms lose
    /// no more than a few ulps each), and summed with a running scale, so neither the binomials nor the
    /// powers overflow and a tail far below 1e-300 keeps its digits. scipy sums in double-double instead.
    /// </summary>
    internal static double SmirnovSf(int n, double d)
    {
        if (n == 1)
        {
            return 1 - d;
        }

        if (d <= 0)
        {
            return 1;
        }

        if (d >= 1)
        {
            return 0;
        }

        // floor(n·d) and the remainder exactly, as scipy's modNX does in double-double.
        var t = n * d;
        var floor = Math.Floor(t);
        var alpha = (t - floor) + Math.FusedMultiplyAdd(n, d, -t);
        if (alpha < 0)
        {
            floor--;
            alpha++;
        }
        else if (alpha >= 1)
        {
            floor++;
            alpha--;
        }

        var nxFloor = (long)floor;
        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            return 1 - (d * Math.Pow(1 + d, n - 1));
        }

        if (nxFloor >= n - 1)
        {
            return Math.Pow(1 - d, n);
        }

        if (n > SmirnovMaxN)
        {
            // scipy's approximation above a million, kept so large samples agree with it.
            return Math.Exp(-Math.Pow((6.0 * n * d) + 1, 2) / 18.0 / n);
        }

        var terms = n - nxFloor;
        // A_0 = (1 − d)^n / d; the sum is carried as sum·e^top.
        var logTerm = new CompensatedSum();
        logTerm.Add(-Math.Log(d) + (n * LogOnePlus(-d)));
        var log = logTerm.Value;
        double top = log, sum = 1;
        for (long v = 0; v < terms - 1; v++)
        {
            // log(A_{v+1}/A_v), with t = n·d: C(n, v+1)/C(n, v)·(t+v+1)^v/(t+v)^(v−1)·(n−t−v−1)^(n−v−1)/(n−t−v)^(n−v), all over n's.
            double a = t + v, b = n - t - v;
            logTerm.Add(Math.Log((n - v) * (a + 1) / ((v + 1) * b)) + ((v - 1) * LogOnePlus(1 / a)) + ((n - v - 1) * LogOnePlus(-1 / b)));
            log = logTerm.Value;
            if (log > top)
            {
                sum = (sum * Math.Exp(top - log)) + 1;
                top = log;
            }
            else
            {
                sum += Math.Exp(log - top);
            }

            // scipy's stopping rule: the remaining terms, each no larger than this one, cannot change the sum.
            var j = v + 1;
            if (j != terms - 1 && 4 * (terms - j) * Math.Exp(log - top) < MachineEpsilon * sum)
            {
                break;
            }
        }

        return Math.Exp(top + Math.Log(sum) + Math.Log(d));
    }

    /// <summary>log(1 + x) to a few ulps for small x (.NET's LogP1 is log(x + 1), which loses them).</summary>
    private static double LogOnePlus(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>
    /// P(D_n ≤ d) by Durbin's matrix (Marsaglia, Tsang and Wang 2003) as scipy's <c>_kolmogn_DMTW</c>: with
    /// d = (k − h)/n, the k-th diagonal entry of H^n (n!/n^n), H of size 2k − 1, rescaled by 2^128 as it grows.
    /// </summary>
    private static double DurbinCdf(int n, double d)
    {
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] = (1 - Math.Pow(h, j)) * factorial;
        }

        v[m - 1] = (1 + Math.Pow(Math.Max((2 * h) - 1, 0), m) - (2 * Math.Pow(h, m))) * factorial;
        var matrix = new double[m * m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                matrix[(r * m) + i] = w[r - i + 1];
            }
        }

        for (var r = 0; r < m; r++)
        {
            matrix[r * m] = v[r];
        }

        for (var c = 0; c < m; c++)
        {
            matrix[((m - 1) * m) + c] = v[m - 1 - c];
        }

        var power = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            power[(i * m) + i] = 1;
        }

        var scratch = new double[m * m];
        int exponent = 0, matrixExponent = 0;
        for (var left = n; left > 0; left /= 2)
        {
            if ((left & 1) == 1)
            {
                Multiply(power, matrix, scratch, m);
                (power, scratch) = (scratch, power);
                exponent += matrixExponent;
            }

            Multiply(matrix, matrix, scratch, m);
            (matrix, scratch) = (scratch, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[((k - 1) * m) + k - 1]) > Scale)
            {
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] /= Scale;
                }

                matrixExponent += ScaleExponent;
            }
        }

        var p = power[((k - 1) * m) + k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < 1 / Scale)
            {
                p *= Scale;
                exponent -= ScaleExponent;
            }
        }

        return Math.Clamp(Math.ScaleB(p, exponent), 0, 1);
    }

    private static void Multiply(double[] a, double[] b, double[] product, int m)
    {
        Array.Clear(product);
        for (var i = 0; i < m; i++)
        {
            var row = product.AsSpan(i * m, m);
            for (var l = 0; l < m; l++)
            {
                var factor = a[(i * m) + l];
                if (factor == 0)
                {
                    continue;
                }

                var other = b.AsSpan(l * m, m);
                for (var j = 0; j < m; j++)
                {
                    row[j] += factor * other[j];
                }
            }
        }
    }

    /// <summary>
    /// P(D_n ≤ d) by Pomeranz's recursion (1974) as scipy's <c>_kolmogn_Pomeranz</c>: 2n + 1 convolutions
    /// of a short row with Poisson-like weights, of which only a moving window is non-zero; n!·the last entry.
    /// </summary>
    private static double PomeranzCdf(int n, double d)
    {
        var t = n * d;
        var whole = (int)Math.Floor(t);
        var f = t - whole;
        var g = Math.Min(f, 1 - f);
        var ceilF = f > 0 ? 1 : 0;
        var roundF = f > 0.5 ? 1 : 0;
        var powers = 2 * (whole + 1);
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinusTwoGPower = new double[powers];
        gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
        for (var p = 1; p < powers; p++)
        {
            gPower[p] = gPower[p - 1] * (g / n) / p;
            twoGPower[p] = twoGPower[p - 1] * (2 * g / n) / p;
            oneMinusTwoGPower[p] = oneMinusTwoGPower[p - 1] * ((1 - (2 * g)) / n) / p;
        }

        var previous = new double[powers];
        var current = new double[powers];
        current[0] = 1;
        int previousStart = 0, currentStart = 0, exponent = 0;
        var (j1, j2) = PomeranzWindow(0, n, whole, ceilF, roundF);
        for (var i = 1; i <= (2 * n) + 1; i++)
        {
            var k1 = j1;
            (previous, current) = (current, previous);
            (previousStart, currentStart) = (currentStart, previousStart);
            Array.Clear(current);
            (j1, j2) = PomeranzWindow(i, n, whole, ceilF, roundF);
            var weights = i == 1 || i == (2 * n) + 1 ? gPower : i % 2 == 1 ? twoGPower : oneMinusTwoGPower;
            var length = j2 - k1 + 1;
            if (length <= 0)
            {
                continue;
            }

            // The full convolution of previous[k1 − start ..][..length] with weights[..length], from index j1 − k1.
            var from = k1 - previousStart;
            var available = Math.Min(length, powers - from);
            var weightCount = Math.Min(length, powers);
            var max = 0.0;
            for (var c = 0; c <= j2 - j1; c++)
            {
                var at = c + j1 - k1;
                var total = 0.0;
                for (var a = Math.Max(0, at - weightCount + 1); a <= Math.Min(at, available - 1); a++)
                {
                    total += previous[from + a] * weights[at - a];
                }

                current[c] = total;
                max = Math.Max(max, total);
            }

            if (max > 0 && max < 1 / Scale)
            {
                for (var c = 0; c < current.Length; c++)
                {
                    current[c] *= Scale;
                }

                exponent -= ScaleExponent;
            }

            currentStart = previousStart + j1 - k1;
        }

        var answer = current[n - currentStart];
        for (var p = 1; p <= n; p++)
        {
            if (Math.Abs(answer) > Scale)
            {
                answer /= Scale;
                exponent += ScaleExponent;
            }

            answer *= p;
        }

        return Math.Clamp(Math.ScaleB(answer, exponent), 0, 1);
    }

    /// <summary>The non-zero window of row i in Pomeranz's recursion (scipy's <c>_pomeranz_compute_j1j2</c>).</summary>
    private static (int J1, int J2) PomeranzWindow(int i, int n, int whole, int ceilF, int roundF)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-whole - ceilF - 1, whole + ceilF - 1);
        }
        else
        {
            var half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                (j1, j2) = half == n + 1
                    ? (n - whole - ceilF - 1, n + whole + ceilF - 1)
                    : (half - 1 - whole - roundF - 1, half + whole - 1 + ceilF - 1);
            }
            else
            {
                (j1, j2) = (half - 1 - whole - 1, half + whole + roundF - 1);
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
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
