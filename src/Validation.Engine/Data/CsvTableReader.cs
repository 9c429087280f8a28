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

    private readonly Stream stream;
    private readonly bool ranged;
    private readonly SepReader reader;
    private readonly int[] fileIndexes;
    private readonly CategoryDictionary?[] categories;
    private readonly long[] missing;
    private readonly string fileName;
    private readonly int headerCount;
    private long rowsRead;
    private long blankLines;

    /// <param name="range">Only these records (the header still from the file's start); null for the whole file.</param>
    public CsvTableReader(string path, IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, CategoryDictionary>? shared, TableRange? range = null)
    {
        Path = path;
        Columns = columns;
        fileName = range?.Label ?? System.IO.Path.GetFileName(path);
        ranged = range is not null;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        stream = file;
        try
        {
            var first = true;
            if (range is not null)
            {
                stream = Restrict(file, range, out first);
            }

            FileColumns = ReadHeader(stream, out reader, fileName, ref blankLines);

            // Blank lines before the header belong to the part that starts right after it.
            blankLines = first ? blankLines : 0;
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

    /// <summary>
    /// The header record followed by the range's records. The range must start where the splitter puts
    /// record starts: right after the header or right after a line feed.
    /// </summary>
    private static CsvRangeStream Restrict(FileStream file, TableRange range, out bool first)
    {
        var headerEnd = CsvRecords.HeaderEnd(file);
        var length = file.Length;
        if (range.Start < headerEnd || range.End > length || range.Start > range.End)
        {
            throw new ArgumentException(
                $"{range.Label}: bytes [{range.Start}, {range.End}) are not within the records of a {length}-byte file whose header ends at byte {headerEnd}", nameof(range));
        }

        first = range.Start == headerEnd;
        if (!first)
        {
            file.Position = range.Start - 1;
            if (file.ReadByte() != '\n')
            {
                throw new ArgumentException($"{range.Label}: byte {range.Start} does not start a line", nameof(range));
            }
        }

        return new CsvRangeStream(file, (0, headerEnd), (range.Start, range.End - range.Start));
    }

    public string Path { get; }

    /// <summary>Bytes the reader reads: the file, or the header and the range.</summary>
    public long ByteLength => stream.Length;

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

        // A part of a file may hold no rows (only blank lines); whether the whole file has any is for its merge to say.
        if (rowsRead == 0 && !ranged)
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
            // Line numbers count the lines Sep has seen, which for a part of a file is not the file's count.
            throw new InputException(ranged
                ? $"{fileName}: row {rowsRead + 1} has {row.ColCount} columns but the header has {headerCount}"
                : $"{fileName}: row {rowsRead + 1} (line {row.LineNumberFrom}) has {row.ColCount} columns but the header has {headerCount}");
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
