using System.Runtime.InteropServices;
using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.ValidationWorker.Monitoring;

/// <summary>
/// What a window gathers about one column its metrics name: counts for the data-quality metrics, and for drift the
/// window's finite values (numeric in the reference) or its counts per category (categorical in the reference).
/// </summary>
internal sealed class WindowColumn(string name)
{
    public string Name { get; } = name;

    /// <summary>Whether some prediction object of the window has the column.</summary>
    public bool InLog { get; set; }

    /// <summary>Rows of the window whose cell is absent (empty, NA, null… as the engine's readers take it, or NaN), or whose object lacks the column.</summary>
    public long Missing { get; set; }

    /// <summary>Present cells that are not numbers, where the column's metrics need numbers.</summary>
    public long NotNumeric { get; set; }

    public string? FirstNotNumeric { get; set; }

    /// <summary>The kind the reference gives the column, or null when there is no drift to compute for it.</summary>
    public ColumnKind? DriftKind { get; set; }

    public bool HasDriftMetric { get; set; }

    public List<RangeCheck> RangeChecks { get; } = [];

    /// <summary>The window's finite values, for numeric drift; null once the window outgrew the memory budget.</summary>
    public List<double>? Values { get; set; }

    /// <summary>Counts per category (missing as the empty name), for categorical drift.</summary>
    public Dictionary<string, long>? Categories { get; set; }

    public bool NeedsNumbers => DriftKind == ColumnKind.Numeric || RangeChecks.Count > 0;

    public void Count(ReadOnlySpan<char> category)
    {
        var lookup = Categories!.GetAlternateLookup<ReadOnlySpan<char>>();
        CollectionsMarshal.GetValueRefOrAddDefault(lookup, category, out _)++;
    }

    /// <summary>An out_of_range_rate metric's bounds and the values of the window outside them.</summary>
    public sealed class RangeCheck(double? min, double? max)
    {
        public double? Min { get; } = min;

        public double? Max { get; } = max;

        public long Outside { get; set; }

        public void Add(double value)
        {
            if ((Min is { } low && !(value >= low)) || (Max is { } high && !(value <= high)))
            {
                Outside++;
            }
        }
    }
}
