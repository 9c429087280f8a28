using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ModelRisk.Validation.Engine.Tests.Reference;

/// <summary>Reads the files make_reference.py writes next to this source file.</summary>
internal static class ReferenceData
{
    private static readonly Lazy<JsonElement> Json = new(() =>
        JsonDocument.Parse(File.ReadAllText(PathOf("reference.json"))).RootElement);

    public static JsonElement Expected => Json.Value;

    public static string PathOf(string file) => System.IO.Path.Combine(Directory.Value, file);

    private static readonly Lazy<string> Directory = new(() => Locate());

    // The source path works in a normal checkout; a build with path mapping hides it, so fall back to
    // walking up from the test binaries to the project folder.
    private static string Locate([CallerFilePath] string source = "")
    {
        var beside = System.IO.Path.GetDirectoryName(source);
        if (beside is not null && File.Exists(System.IO.Path.Combine(beside, "reference.json")))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "Reference");
            if (File.Exists(System.IO.Path.Combine(candidate, "reference.json")) && File.Exists(System.IO.Path.Combine(candidate, "make_reference.py")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("cannot find the Reference folder of Validation.Engine.Tests");
    }

    public static Dictionary<string, double[]> Csv(string file)
    {
        var lines = File.ReadAllLines(PathOf(file));
        var names = lines[0].Split(',');
        var columns = names.ToDictionary(n => n, _ => new double[lines.Length - 1]);
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            for (var c = 0; c < names.Length; c++)
            {
                columns[names[c]][i - 1] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            }
        }

        return columns;
    }

    public static byte[] Labels(double[] column) => column.Select(v => (byte)v).ToArray();

    public static int[] Codes(double[] column) => column.Select(v => (int)v).ToArray();

    public static double Number(this JsonElement element, string name) => element.GetProperty(name).GetDouble();
}

internal static class Approx
{
    /// <summary>Absolute-or-relative closeness: |a − e| ≤ tol · max(1, |e|).</summary>
    public static void Equal(double expected, double actual, double tolerance = 1e-12, string? what = null)
    {
        var bound = tolerance * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= bound, $"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(actual - expected):E2} > {bound:E2})");
    }

    public static void Equal(double expected, MetricValue actual, double tolerance = 1e-12, string? what = null)
    {
        Assert.True(actual.IsDefined, $"{what}: undefined ({actual.UndefinedReason})");
        Equal(expected, actual.Value!.Value, tolerance, what);
    }
}
