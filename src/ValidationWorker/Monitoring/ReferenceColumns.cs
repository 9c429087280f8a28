using System.Runtime.InteropServices;
using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.ValidationWorker.Monitoring;

/// <summary>
/// The reference dataset's drift columns, read with the engine's readers (CSV or Parquet) the way a validation run reads
/// its reference: the finite values of a numeric column (missing and non-finite cells are the quality section's, not
/// drift's), the count per category of a categorical one (an absent cell as the empty name). Reading stops holding
/// values once <see cref="Budget"/> bytes would be passed (<see cref="MonitoringWindowEvaluator.HeldValueBytes"/> a value).
/// </summary>
internal sealed class ReferenceColumns
{
    private readonly Dictionary<string, List<double>> numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IReadOnlyList<string> Names, long[] Counts)> categorical = new(StringComparer.Ordinal);

    public static ReferenceColumns Empty { get; } = new(0);

    private ReferenceColumns(long budget) => Budget = budget;

    public long Budget { get; }

    public bool OverBudget { get; private set; }

    public ReadOnlySpan<double> Values(string column) => CollectionsMarshal.AsSpan(numeric[column]);

    public (IReadOnlyList<string> Names, long[] Counts) CategoryCounts(string column) => categorical[column];

    public static ReferenceColumns Read(string path, IReadOnlyList<ColumnSpec> specs, long budget, CancellationToken cancellationToken)
    {
        var result = new ReferenceColumns(budget);
        var values = specs.Select(s => s.Kind == ColumnKind.Numeric ? new List<double>() : null).ToArray();
        var counts = specs.Select(s => s.Kind == ColumnKind.Numeric ? null : new List<long>()).ToArray();
        using var reader = TableReader.Open(path, specs);
        var chunk = new TableChunk(specs, TableReader.ChunkRows(reader, 1 << 16));
        long held = 0;
        while (reader.ReadChunk(chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < specs.Count; i++)
            {
                if (values[i] is { } column)
                {
                    if (result.OverBudget)
                    {
                        continue;
                    }

                    foreach (var v in chunk.Numeric(i))
                    {
                        if (double.IsFinite(v))
                        {
                            column.Add(v);
                        }
                    }

                    held += (long)chunk.Rows * MonitoringWindowEvaluator.HeldValueBytes;
                    if (held > result.Budget)
                    {
                        result.OverBudget = true;
                        foreach (var list in values)
                        {
                            list?.Clear();
                            list?.TrimExcess();
                        }
                    }
                }
                else
                {
                    var perCode = counts[i]!;
                    foreach (var code in chunk.Codes(i))
                    {
                        while (perCode.Count <= code)
                        {
                            perCode.Add(0);
                        }

                        perCode[code]++;
                    }
                }
            }
        }

        for (var i = 0; i < specs.Count; i++)
        {
            if (values[i] is { } column)
            {
                result.numeric[specs[i].Name] = column;
            }
            else
            {
                var names = reader.Categories(i).Names;
                var table = new long[names.Count];
                CollectionsMarshal.AsSpan(counts[i]).CopyTo(table);
                result.categorical[specs[i].Name] = (names, table);
            }
        }

        return result;
    }
}
