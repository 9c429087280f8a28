namespace ModelRisk.Validation.Engine.Data;

/// <summary>Reads the requested columns of a table chunk by chunk, so a file larger than memory can be streamed.</summary>
public interface ITableReader : IDisposable
{
    string Path { get; }

    /// <summary>Every column in the file, in file order.</summary>
    IReadOnlyList<string> FileColumns { get; }

    IReadOnlyList<ColumnSpec> Columns { get; }

    /// <summary>Rows in the file: exact for Parquet, an estimate from the bytes read so far for CSV.</summary>
    long EstimatedRows { get; }

    long RowsRead { get; }

    CategoryDictionary Categories(int column);

    /// <summary>Blank lines skipped (CSV; always 0 for Parquet).</summary>
    long BlankLines { get; }

    /// <summary>Values that were absent (empty cell, NA, null), as opposed to a NaN written in the file.</summary>
    long MissingCount(int column);

    /// <summary>Fills <paramref name="chunk"/> with the next rows; false when the file is exhausted.</summary>
    bool ReadChunk(TableChunk chunk);
}

public static class TableReader
{
    public static bool IsParquet(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pq", StringComparison.OrdinalIgnoreCase);

    /// <param name="categories">Shared dictionaries per categorical column name, so two files get the same codes.</param>
    public static ITableReader Open(
        string path,
        IReadOnlyList<ColumnSpec> columns,
        IReadOnlyDictionary<string, CategoryDictionary>? categories = null)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new InputException($"{path}: the file is empty");
        }

        return IsParquet(path)
            ? new ParquetTableReader(path, columns, categories)
            : new CsvTableReader(path, columns, categories);
    }

    /// <summary>Opens a reader of one part of a file (see <see cref="TableRange"/>).</summary>
    internal static ITableReader Open(string path, IReadOnlyList<ColumnSpec> columns, TableRange range)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new InputException($"{path}: the file is empty");
        }

        return IsParquet(path)
            ? new ParquetTableReader(path, columns, null, range)
            : new CsvTableReader(path, columns, null, range);
    }

    public static IReadOnlyList<string> ReadColumnNames(string path)
    {
        using var reader = Open(path, []);
        return reader.FileColumns;
    }

    /// <summary>
    /// Decides per column whether it is numeric or categorical: Parquet says so in its schema, CSV by
    /// whether the first rows all parse as numbers.
    /// </summary>
    public static IReadOnlyList<ColumnSpec> InferKinds(string path, IReadOnlyList<string> columnNames)
    {
        if (IsParquet(path))
        {
            return ParquetTableReader.InferKinds(path, columnNames);
        }

        return CsvTableReader.InferKinds(path, columnNames);
    }

    /// <summary>
    /// Rows per chunk for a file: the requested size, but never more than the file can hold (every row takes
    /// at least two bytes), so a small file does not get buffers sized for a large one.
    /// </summary>
    public static int ChunkRows(ITableReader reader, int requested)
    {
        var bound = reader switch
        {
            CsvTableReader csv => csv.ByteLength / 2,
            _ when IsParquet(reader.Path) => reader.EstimatedRows,
            _ => new FileInfo(reader.Path).Length / 2,
        };
        return (int)Math.Clamp(bound, 1, Math.Max(1, requested));
    }

    /// <summary>
    /// Where each requested column is in the file. A requested name the header holds twice is refused, since
    /// either copy could be meant; a duplicate the run does not ask for is left to <see cref="Duplicates"/>.
    /// </summary>
    internal static int[] Resolve(string path, IReadOnlyList<string> fileColumns, IReadOnlyList<ColumnSpec> columns)
    {
        var fileName = System.IO.Path.GetFileName(path);
        var indexes = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            int index = -1, second = -1;
            for (var j = 0; j < fileColumns.Count; j++)
            {
                if (string.Equals(fileColumns[j], columns[i].Name, StringComparison.Ordinal))
                {
                    if (index >= 0)
                    {
                        second = j;
                        break;
                    }

                    index = j;
                }
            }

            if (index < 0)
            {
                throw new InputException(
                    $"{fileName}: no column {InputException.Quote(columns[i].Name)}; columns are: {string.Join(", ", fileColumns.Select(c => InputException.Escape(c)))}");
            }

            if (second >= 0)
            {
                throw new InputException(
                    $"{fileName}: column {InputException.Quote(columns[i].Name)} appears more than once in the header (columns {index + 1} and {second + 1}); rename one so the run knows which to use");
            }

            indexes[i] = index;
        }

        return indexes;
    }

    /// <summary>Names the header holds more than once, in the order they first appear.</summary>
    public static IReadOnlyList<string> Duplicates(IReadOnlyList<string> fileColumns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var name in fileColumns)
        {
            if (!seen.Add(name) && !duplicates.Contains(name, StringComparer.Ordinal))
            {
                duplicates.Add(name);
            }
        }

        return duplicates;
    }

    /// <summary>A dictionary for each categorical column (the shared one for its name, if any); null for the other kinds.</summary>
    internal static CategoryDictionary?[] CategoryDictionaries(
        IReadOnlyList<ColumnSpec> columns,
        IReadOnlyDictionary<string, CategoryDictionary>? shared)
    {
        var categories = new CategoryDictionary?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Kind == ColumnKind.Categorical)
            {
                categories[i] = shared is not null && shared.TryGetValue(columns[i].Name, out var dictionary)
                    ? dictionary
                    : new CategoryDictionary();
            }
        }

        return categories;
    }

    /// <summary>A cell the readers take as absent: empty, NA, N/A, null, NULL or None.</summary>
    public static bool IsMissingToken(ReadOnlySpan<char> value) =>
        value.IsEmpty
        || value.SequenceEqual("NA")
        || value.SequenceEqual("N/A")
        || value.SequenceEqual("null")
        || value.SequenceEqual("NULL")
        || value.SequenceEqual("None");
}
