namespace ModelRisk.Validation.Engine.Benchmarks;

/// <summary>
/// Seeded inputs written as raw little-endian arrays so the .NET side and the python peers read the very
/// same numbers: scores.f64 + labels.u8 (binary classification), reference.f64 + current.f64 (drift).
/// </summary>
internal sealed record BenchmarkData(double[] Scores, byte[] Labels, double[] Reference, double[] Current)
{
    public static BenchmarkData LoadOrCreate(string directory, int rows, int seed)
    {
        Directory.CreateDirectory(directory);
        var marker = Path.Combine(directory, $"rows-{rows}-seed-{seed}.ok");
        if (!File.Exists(marker))
        {
            Generate(rows, seed).Write(directory);
            File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
        }

        return new BenchmarkData(
            ReadDoubles(Path.Combine(directory, "scores.f64")),
            File.ReadAllBytes(Path.Combine(directory, "labels.u8")),
            ReadDoubles(Path.Combine(directory, "reference.f64")),
            ReadDoubles(Path.Combine(directory, "current.f64")));
    }

    private static BenchmarkData Generate(int rows, int seed)
    {
        var rng = new Random(seed);
        var scores = new double[rows];
        var labels = new byte[rows];
        var reference = new double[rows];
        var current = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var label = rng.NextDouble() < 0.3 ? 1 : 0;
            labels[i] = (byte)label;
            scores[i] = 1 / (1 + Math.Exp(-((1.2 * label) - 0.8 + Normal(rng))));
            reference[i] = Normal(rng);
            current[i] = 0.05 + (1.1 * Normal(rng));
        }

        return new BenchmarkData(scores, labels, reference, current);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private void Write(string directory)
    {
        WriteDoubles(Path.Combine(directory, "scores.f64"), Scores);
        File.WriteAllBytes(Path.Combine(directory, "labels.u8"), Labels);
        WriteDoubles(Path.Combine(directory, "reference.f64"), Reference);
        WriteDoubles(Path.Combine(directory, "current.f64"), Current);
    }

    private static void WriteDoubles(string path, double[] values)
    {
        using var stream = File.Create(path);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static double[] ReadDoubles(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }
}
