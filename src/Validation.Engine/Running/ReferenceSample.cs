using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;

namespace ModelRisk.Validation.Engine.Running;

/// <summary>
/// The reference's drift columns (<see cref="ColumnLayout"/> has checked that it has them), read with
/// dictionaries of its own so it can be read alongside the data, and the drift of each against the data.
/// The single pass and the merge of shards both compare through here, so they compute drift one way.
/// </summary>
internal sealed class ReferenceSample
{
    private readonly object?[] columns;
    private readonly CategoryDictionary?[] categories;

    private ReferenceSample(long rows, object?[] columns, CategoryDictionary?[] categories, long blankLines)
    {
        Rows = rows;
        this.columns = columns;
        this.categories = categories;
        BlankLines = blankLines;
    }

    public long Rows { get; }

    public long BlankLines { get; }

    public static ReferenceSample Read(string referencePath, ColumnLayout layout, ValidationOptions options, IProgress<ReadProgress>? progress, CancellationToken cancellation)
    {
        var specs = layout.Drift.Select(d => layout.Specs[d]).ToList();
        var numeric = new ColumnBuilder<double>?[specs.Count];
        var codes = new ColumnBuilder<int>?[specs.Count];
        using var reader = TableReader.Open(referencePath, specs);
        var chunk = new TableChunk(specs, TableReader.ChunkRows(reader, options.ChunkRows));
        var fileName = Path.GetFileName(referencePath);
        while (reader.ReadChunk(chunk))
        {
            cancellation.ThrowIfCancellationRequested();
            var expected = (long)(Math.Max(reader.EstimatedRows, chunk.Rows) * 1.03) + 16;
            for (var i = 0; i < specs.Count; i++)
            {
                if (specs[i].Kind == ColumnKind.Numeric)
                {
                    numeric[i] ??= new ColumnBuilder<double>(expected);
                    numeric[i]!.Expect(expected);
                    numeric[i]!.Append(chunk.Numeric(i));
                }
                else
                {
                    codes[i] ??= new ColumnBuilder<int>(expected);
                    codes[i]!.Expect(expected);
                    codes[i]!.Append(chunk.Codes(i));
                }
            }

            progress?.Report(new ReadProgress(fileName, reader.RowsRead, reader.EstimatedRows));
        }

        var columns = new object?[specs.Count];
        var categories = new CategoryDictionary?[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            columns[i] = (object?)numeric[i] ?? codes[i]!;
            categories[i] = specs[i].Kind == ColumnKind.Categorical ? reader.Categories(i) : null;
        }

        return new ReferenceSample(reader.RowsRead, columns, categories, reader.BlankLines);
    }

    public bool IsNumeric(int drift) => columns[drift] is ColumnBuilder<double>;

    /// <summary>The finite values of the <paramref name="drift"/>-th drift column, compacted in place.</summary>
    public ReadOnlySpan<double> FiniteValues(int drift) => Finite((ColumnBuilder<double>)columns[drift]!);

    /// <summary>
    /// Drift of a categorical column against the data's counts per category (one per name of
    /// <paramref name="data"/>, in its order). The reference's names are brought into the data's dictionary
    /// (new ones at its end, in the reference's order), so equal values share a code.
    /// </summary>
    public CategoricalDriftReport Categorical(int drift, CategoryDictionary data, ReadOnlySpan<long> dataCounts)
    {
        var remap = categories[drift]!.Names.Select(data.GetOrAdd).ToArray();
        var referenceCounts = new long[data.Names.Count];
        foreach (var code in ((ColumnBuilder<int>)columns[drift]!).Values)
        {
            referenceCounts[remap[code]]++;
        }

        var currentCounts = new long[data.Names.Count];
        dataCounts.CopyTo(currentCounts);
        return CategoricalDrift.FromCounts(data.Names, referenceCounts, currentCounts);
    }

    /// <summary>Drift is the last use of a reference column.</summary>
    public void Release(int drift) => columns[drift] = null;

    /// <summary>Missing values are reported by the quality section; drift compares the values that are there.</summary>
    public static ReadOnlySpan<double> Finite(ColumnBuilder<double> column)
    {
        var values = column.WritableValues;
        var kept = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                values[kept++] = values[i];
            }
        }

        column.Truncate(kept);
        return column.Values;
    }
}
