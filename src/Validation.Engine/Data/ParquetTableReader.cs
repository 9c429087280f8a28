using Parquet;
using Parquet.Schema;

namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// Parquet through Parquet.Net, one row group at a time: only the requested columns of a row group
/// are decoded, and a row group larger than the chunk is handed out in slices.
/// </summary>
internal sealed class ParquetTableReader : ITableReader
{
    private readonly ParquetReader reader;
    private readonly DataField[] fields;
    private readonly CategoryDictionary?[] categories;
    private readonly long[] missing;
    private readonly string fileName;
    private readonly Array?[] groupValues;
    private int nextRowGroup;
    private int groupRows;
    private int groupOffset;
    private long rowsRead;

    public ParquetTableReader(string path, IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, CategoryDictionary>? shared)
    {
        Path = path;
        Columns = columns;
        fileName = System.IO.Path.GetFileName(path);
        reader = Open(path);
        var dataFields = reader.Schema.GetDataFields();
        FileColumns = [.. dataFields.Select(f => f.Name)];
        int[] indexes;
        try
        {
            indexes = TableReader.Resolve(path, FileColumns, columns);
        }
        catch
        {
            Close(reader);
            throw;
        }

        fields = [.. indexes.Select(i => dataFields[i])];
        EstimatedRows = reader.RowGroups.Sum(g => g.RowCount);
        missing = new long[columns.Count];
        groupValues = new Array?[columns.Count];
        categories = new CategoryDictionary?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Kind == ColumnKind.Categorical)
            {
                categories[i] = shared is not null && shared.TryGetValue(columns[i].Name, out var dictionary)
                    ? dictionary
                    : new CategoryDictionary();
            }
            else if (IsText(fields[i]))
            {
                Close(reader);
                throw new InputException($"{fileName}: column '{columns[i].Name}' holds text, not numbers");
            }
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> FileColumns { get; }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public long EstimatedRows { get; }

    public long RowsRead => rowsRead;

    public CategoryDictionary Categories(int column) =>
        categories[column] ?? throw new InvalidOperationException($"Column '{Columns[column].Name}' is not categorical.");

    public long MissingCount(int column) => missing[column];

    public bool ReadChunk(TableChunk chunk)
    {
        chunk.FirstRow = rowsRead;
        while (groupOffset >= groupRows)
        {
            if (nextRowGroup >= reader.RowGroupCount)
            {
                chunk.Rows = 0;
                if (rowsRead == 0)
                {
                    throw new InputException($"{fileName}: the file has no rows");
                }

                return false;
            }

            LoadRowGroup(nextRowGroup++);
        }

        var count = Math.Min(chunk.Capacity, groupRows - groupOffset);
        for (var c = 0; c < Columns.Count; c++)
        {
            switch (Columns[c].Kind)
            {
                case ColumnKind.Numeric:
                    ((double[])groupValues[c]!).AsSpan(groupOffset, count).CopyTo(chunk.NumericBuffer(c));
                    break;
                case ColumnKind.Label:
                    ToLabels(((double[])groupValues[c]!).AsSpan(groupOffset, count), chunk.LabelBuffer(c));
                    break;
                default:
                    ((int[])groupValues[c]!).AsSpan(groupOffset, count).CopyTo(chunk.CodeBuffer(c));
                    break;
            }
        }

        groupOffset += count;
        rowsRead += count;
        chunk.Rows = count;
        return true;
    }

    private void LoadRowGroup(int index)
    {
        using var group = reader.OpenRowGroupReader(index);
        var rows = checked((int)group.RowCount);
        for (var c = 0; c < Columns.Count; c++)
        {
            groupValues[c] = Columns[c].Kind == ColumnKind.Categorical
                ? ReadCodes(group, c, rows)
                : ReadNumbers(group, c, rows);
        }

        groupRows = rows;
        groupOffset = 0;
    }

    private int[] ReadCodes(ParquetRowGroupReader group, int column, int rows)
    {
        var field = fields[column];
        var codes = new int[rows];
        var dictionary = categories[column]!;
        if (IsText(field))
        {
            var values = new string?[rows];
            Wait(group.ReadAsync(field, values.AsMemory()));
            for (var i = 0; i < rows; i++)
            {
                if (string.IsNullOrEmpty(values[i]))
                {
                    missing[column]++;
                }

                codes[i] = dictionary.GetOrAdd(values[i] ?? string.Empty);
            }

            return codes;
        }

        // A numeric column used as a group or categorical drift column: its values become category names.
        var numbers = ReadNumbers(group, column, rows);
        for (var i = 0; i < rows; i++)
        {
            codes[i] = dictionary.GetOrAdd(double.IsNaN(numbers[i]) ? string.Empty : numbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return codes;
    }

    private double[] ReadNumbers(ParquetRowGroupReader group, int column, int rows)
    {
        var field = fields[column];
        var type = field.ClrType;
        if (type == typeof(double))
        {
            return Read<double>(group, column, rows, static v => v);
        }

        if (type == typeof(float))
        {
            return Read<float>(group, column, rows, static v => v);
        }

        if (type == typeof(long))
        {
            return Read<long>(group, column, rows, static v => v);
        }

        if (type == typeof(int))
        {
            return Read<int>(group, column, rows, static v => v);
        }

        if (type == typeof(short))
        {
            return Read<short>(group, column, rows, static v => v);
        }

        if (type == typeof(sbyte))
        {
            return Read<sbyte>(group, column, rows, static v => v);
        }

        if (type == typeof(byte))
        {
            return Read<byte>(group, column, rows, static v => v);
        }

        if (type == typeof(bool))
        {
            return Read<bool>(group, column, rows, static v => v ? 1 : 0);
        }

        if (type == typeof(decimal))
        {
            return Read<decimal>(group, column, rows, static v => (double)v);
        }

        throw new InputException($"{fileName}: column '{field.Name}' has type {type.Name}, which is not numeric");
    }

    private double[] Read<T>(ParquetRowGroupReader group, int column, int rows, Func<T, double> convert)
        where T : struct
    {
        var field = fields[column];
        var result = GC.AllocateUninitializedArray<double>(rows);
        if (field.IsNullable)
        {
            var values = new T?[rows];
            Wait(group.ReadAsync(field, values.AsMemory()));
            for (var i = 0; i < rows; i++)
            {
                if (values[i] is { } value)
                {
                    result[i] = convert(value);
                }
                else
                {
                    missing[column]++;
                    result[i] = double.NaN;
                }
            }

            return result;
        }

        if (result is T[] direct)
        {
            Wait(group.ReadAsync(field, direct.AsMemory()));
            return result;
        }

        var raw = new T[rows];
        Wait(group.ReadAsync(field, raw.AsMemory()));
        for (var i = 0; i < rows; i++)
        {
            result[i] = convert(raw[i]);
        }

        return result;
    }

    private static void ToLabels(ReadOnlySpan<double> values, Span<byte> labels)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            labels[i] = v switch
            {
                0 => LabelCodes.Negative,
                1 => LabelCodes.Positive,
                _ => double.IsNaN(v) ? LabelCodes.Missing : LabelCodes.Invalid,
            };
        }
    }

    private static ParquetReader Open(string path)
    {
        try
        {
            return ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new InputException($"{System.IO.Path.GetFileName(path)}: not a readable Parquet file ({e.Message})", e);
        }
    }

    // Parquet.Net may surface UTF-8 columns as ReadOnlyMemory<char> rather than string.
    private static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private static void Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    internal static IReadOnlyList<ColumnSpec> InferKinds(string path, IReadOnlyList<string> columnNames)
    {
        var reader = Open(path);
        try
        {
            return Infer(path, reader, columnNames);
        }
        finally
        {
            Close(reader);
        }
    }

    private static IReadOnlyList<ColumnSpec> Infer(string path, ParquetReader reader, IReadOnlyList<string> columnNames)
    {
        var dataFields = reader.Schema.GetDataFields();
        var indexes = TableReader.Resolve(path, [.. dataFields.Select(f => f.Name)], [.. columnNames.Select(n => new ColumnSpec(n, ColumnKind.Numeric))]);
        return [.. columnNames.Select((n, i) => new ColumnSpec(
            n,
            IsText(dataFields[indexes[i]]) ? ColumnKind.Categorical : ColumnKind.Numeric))];
    }

    public void Dispose() => Close(reader);

    private static void Close(ParquetReader parquet) => parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
