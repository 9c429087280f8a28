using nietras.SeparatedValues;

namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// CSV through Sep: values are parsed straight from the row's span, and categorical values are looked
/// up by span, so a row allocates nothing unless it brings a category not seen before.
/// </summary>
internal sealed class CsvTableReader : ITableReader
{
    private const int SniffRows = 1000;

    private readonly FileStream stream;
    private readonly SepReader reader;
    private readonly int[] fileIndexes;
    private readonly CategoryDictionary?[] categories;
    private readonly long[] missing;
    private readonly string fileName;
    private long rowsRead;

    public CsvTableReader(string path, IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, CategoryDictionary>? shared)
    {
        Path = path;
        Columns = columns;
        fileName = System.IO.Path.GetFileName(path);
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            reader = Sep.Reader(o => o with { DisableColCountCheck = false, Unescape = true }).From(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        FileColumns = reader.Header.ColNames;
        if (FileColumns.Count == 0 || (FileColumns.Count == 1 && FileColumns[0].Length == 0))
        {
            Dispose();
            throw new InputException($"{fileName}: the file has no header row");
        }

        try
        {
            fileIndexes = TableReader.Resolve(path, FileColumns, columns);
        }
        catch
        {
            Dispose();
            throw;
        }

        missing = new long[columns.Count];
        categories = TableReader.CategoryDictionaries(columns, shared);
    }

    public string Path { get; }

    public IReadOnlyList<string> FileColumns { get; }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public long RowsRead => rowsRead;

    public long EstimatedRows
    {
        get
        {
            var position = stream.Position;
            if (rowsRead == 0 || position == 0)
            {
                return 0;
            }

            return position >= stream.Length ? rowsRead : (long)(rowsRead * ((double)stream.Length / position));
        }
    }

    public CategoryDictionary Categories(int column) =>
        categories[column] ?? throw new InvalidOperationException($"Column '{Columns[column].Name}' is not categorical.");

    public long MissingCount(int column) => missing[column];

    public bool ReadChunk(TableChunk chunk)
    {
        var count = 0;
        var capacity = chunk.Capacity;
        var columnCount = Columns.Count;
        chunk.FirstRow = rowsRead;
        while (count < capacity && MoveNext())
        {
            var row = reader.Current;
            for (var c = 0; c < columnCount; c++)
            {
                var col = row[fileIndexes[c]];
                switch (Columns[c].Kind)
                {
                    case ColumnKind.Numeric:
                        chunk.NumericBuffer(c)[count] = ParseNumber(col, c);
                        break;
                    case ColumnKind.Label:
                        chunk.LabelBuffer(c)[count] = ParseLabel(col.Span);
                        break;
                    default:
                        var span = col.Span;
                        if (TableReader.IsMissingToken(span))
                        {
                            missing[c]++;
                            span = [];
                        }

                        chunk.CodeBuffer(c)[count] = categories[c]!.GetOrAdd(span);
                        break;
                }
            }

            count++;
            rowsRead++;
        }

        chunk.Rows = count;
        if (rowsRead == 0)
        {
            throw new InputException($"{fileName}: the file has a header but no data rows");
        }

        return count > 0;
    }

    private bool MoveNext()
    {
        try
        {
            return reader.MoveNext();
        }
        catch (InvalidDataException e)
        {
            // Sep refuses a row whose column count differs from the header's; that is the file's fault, not ours.
            throw new InputException($"{fileName}: a row has a different number of columns from the header ({InputException.FirstLine(e.Message)})", e);
        }
    }

    private double ParseNumber(SepReader.Col col, int column)
    {
        var parsed = col.TryParse<double>();
        if (parsed is { } value)
        {
            return value;
        }

        if (TableReader.IsMissingToken(col.Span))
        {
            missing[column]++;
            return double.NaN;
        }

        throw new InputException(
            $"{fileName}: row {rowsRead + 1}, column '{Columns[column].Name}': '{Truncate(col.Span)}' is not a number");
    }

    private static byte ParseLabel(ReadOnlySpan<char> span)
    {
        if (span.Length == 1)
        {
            if (span[0] == '0')
            {
                return LabelCodes.Negative;
            }

            if (span[0] == '1')
            {
                return LabelCodes.Positive;
            }
        }

        if (TableReader.IsMissingToken(span))
        {
            return LabelCodes.Missing;
        }

        if (double.TryParse(span, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value switch
            {
                0 => LabelCodes.Negative,
                1 => LabelCodes.Positive,
                _ => double.IsNaN(value) ? LabelCodes.Missing : LabelCodes.Invalid,
            };
        }

        if (span.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return LabelCodes.Positive;
        }

        return span.Equals("false", StringComparison.OrdinalIgnoreCase) ? LabelCodes.Negative : LabelCodes.Invalid;
    }

    private static string Truncate(ReadOnlySpan<char> value) =>
        value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "…");

    internal static IReadOnlyList<ColumnSpec> InferKinds(string path, IReadOnlyList<string> columnNames)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(stream);
        var indexes = TableReader.Resolve(path, reader.Header.ColNames, [.. columnNames.Select(n => new ColumnSpec(n, ColumnKind.Numeric))]);
        var numeric = Enumerable.Repeat(true, columnNames.Count).ToArray();
        var rows = 0;
        while (rows < SniffRows && reader.MoveNext())
        {
            var row = reader.Current;
            for (var i = 0; i < indexes.Length; i++)
            {
                var col = row[indexes[i]];
                if (numeric[i] && col.TryParse<double>() is null && !TableReader.IsMissingToken(col.Span))
                {
                    numeric[i] = false;
                }
            }

            rows++;
        }

        return [.. columnNames.Select((n, i) => new ColumnSpec(n, numeric[i] ? ColumnKind.Numeric : ColumnKind.Categorical))];
    }

    public void Dispose()
    {
        reader?.Dispose();
        stream.Dispose();
    }
}
