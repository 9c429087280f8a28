using nietras.SeparatedValues;

namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// CSV through Sep: values are parsed straight from the row's span, and categorical values are looked
/// up by span, so a row allocates nothing unless it brings a category not seen before. The header is
/// read as a row of its own, so duplicate names reach <see cref="TableReader.Resolve"/> (which decides
/// whether they matter) instead of failing inside Sep; blank lines are skipped and counted, as pandas does.
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
    private readonly int headerCount;
    private long rowsRead;
    private long blankLines;

    public CsvTableReader(string path, IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, CategoryDictionary>? shared)
    {
        Path = path;
        Columns = columns;
        fileName = System.IO.Path.GetFileName(path);
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            FileColumns = ReadHeader(stream, out reader, fileName, ref blankLines);
            headerCount = FileColumns.Count;
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

    public long BlankLines => blankLines;

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
        while (count < capacity && MoveNext(reader, fileName))
        {
            var row = reader.Current;
            if (row.ColCount != headerCount || row.Span.IsEmpty)
            {
                SkipBlank(row);
                continue;
            }

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

    // A blank line is one empty column to Sep; any other row whose width differs from the header's is the file's fault.
    private void SkipBlank(SepReader.Row row)
    {
        if (!row.Span.IsEmpty)
        {
            throw new InputException(
                $"{fileName}: row {rowsRead + 1} (line {row.LineNumberFrom}) has {row.ColCount} columns but the header has {headerCount}");
        }

        blankLines++;
    }

    private static SepReader OpenSep(Stream stream) =>
        Sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true }).From(stream);

    /// <summary>
    /// The first row, as the column names. Blank lines before it are skipped here, byte by byte, because Sep
    /// detects the separator from the first line it sees.
    /// </summary>
    private static string[] ReadHeader(Stream stream, out SepReader reader, string fileName, ref long blankLines)
    {
        int b;
        while ((b = stream.ReadByte()) is '\r' or '\n')
        {
            blankLines += b == '\n' ? 1 : 0;
        }

        stream.Position -= b < 0 ? 0 : 1;
        reader = OpenSep(stream);
        if (!MoveNext(reader, fileName))
        {
            throw new InputException($"{fileName}: the file has no header row");
        }

        var row = reader.Current;
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = row[i].ToString();
        }

        return names;
    }

    private static bool MoveNext(SepReader reader, string fileName)
    {
        try
        {
            return reader.MoveNext();
        }
        catch (InvalidDataException e)
        {
            // Sep refuses what it cannot split into columns (an unterminated quote); that is the file's fault, not ours.
            throw new InputException($"{fileName}: the file cannot be read as CSV ({InputException.LibraryMessage(e.Message)})", e);
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
            $"{fileName}: row {rowsRead + 1}, column {InputException.Quote(Columns[column].Name)}: {InputException.Quote(col.Span)} is not a number");
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

    internal static IReadOnlyList<ColumnSpec> InferKinds(string path, IReadOnlyList<string> columnNames)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var fileName = System.IO.Path.GetFileName(path);
        long blank = 0;
        var header = ReadHeader(stream, out var sep, fileName, ref blank);
        using var reader = sep;
        var indexes = TableReader.Resolve(path, header, [.. columnNames.Select(n => new ColumnSpec(n, ColumnKind.Numeric))]);
        var numeric = Enumerable.Repeat(true, columnNames.Count).ToArray();
        var rows = 0;
        while (rows < SniffRows && MoveNext(reader, fileName))
        {
            var row = reader.Current;
            if (row.ColCount != header.Length || row.Span.IsEmpty)
            {
                // Blank or malformed: the full read skips or reports it.
                continue;
            }

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
