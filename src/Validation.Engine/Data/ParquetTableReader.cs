using System.Numerics;
using ParquetSharp;

namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// Parquet through ParquetSharp (the Apache Arrow C++ reader; docs/adr/011-parquet-reader.md says why),
/// one row group at a time: only the requested columns of a row group are decoded, and a row group
/// larger than the chunk is handed out in slices.
/// </summary>
internal sealed class ParquetTableReader : ITableReader
{
    private readonly ParquetFileReader reader;
    private readonly int[] fileIndexes;
    private readonly Type[] elementTypes;
    private readonly CategoryDictionary?[] categories;
    private readonly long[] missing;
    private readonly string fileName;
    private readonly Array?[] groupValues;
    private readonly int rowGroupCount;
    private int nextRowGroup;
    private int groupRows;
    private int groupOffset;
    private long rowsRead;

    private readonly bool ranged;

    /// <param name="range">Only these row groups; null for the whole file.</param>
    public ParquetTableReader(string path, IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, CategoryDictionary>? shared, TableRange? range = null)
    {
        Path = path;
        Columns = columns;
        fileName = range?.Label ?? System.IO.Path.GetFileName(path);
        ranged = range is not null;
        reader = Open(path);
        try
        {
            var schema = reader.FileMetaData.Schema;
            FileColumns = [.. Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name)];
            fileIndexes = TableReader.Resolve(path, FileColumns, columns);
            elementTypes = [.. fileIndexes.Select(i => ElementType(schema.Column(i)))];
            rowGroupCount = reader.FileMetaData.NumRowGroups;
            EstimatedRows = reader.FileMetaData.NumRows;
            if (range is not null)
            {
                if (range.Start < 0 || range.Start > range.End || range.End > rowGroupCount)
                {
                    throw new ArgumentException($"{range.Label}: row groups [{range.Start}, {range.End}) are not within the file's {rowGroupCount}", nameof(range));
                }

                nextRowGroup = (int)range.Start;
                rowGroupCount = (int)range.End;
                EstimatedRows = 0;
                for (var g = nextRowGroup; g < rowGroupCount; g++)
                {
                    using var group = reader.RowGroup(g);
                    EstimatedRows += group.MetaData.NumRows;
                }
            }

            missing = new long[columns.Count];
            groupValues = new Array?[columns.Count];
            categories = TableReader.CategoryDictionaries(columns, shared);
            for (var i = 0; i < columns.Count; i++)
            {
                if (categories[i] is null && elementTypes[i] == typeof(string))
                {
                    throw new InputException($"{fileName}: column {InputException.Quote(columns[i].Name)} holds text, not numbers");
                }
            }
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> FileColumns { get; }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public long EstimatedRows { get; }

    public long RowsRead => rowsRead;

    public long BlankLines => 0;

    public CategoryDictionary Categories(int column) =>
        categories[column] ?? throw new InvalidOperationException($"Column '{Columns[column].Name}' is not categorical.");

    public long MissingCount(int column) => missing[column];

    public bool ReadChunk(TableChunk chunk)
    {
        chunk.FirstRow = rowsRead;
        while (groupOffset >= groupRows)
        {
            if (nextRowGroup >= rowGroupCount)
            {
                chunk.Rows = 0;
                if (rowsRead == 0 && !ranged)
                {
                    throw new InputException($"{fileName}: the file has no rows");
                }

                return false;
            }

            try
            {
                LoadRowGroup(nextRowGroup++);
            }
            catch (ParquetException e)
            {
                throw new InputException($"{fileName}: row group {nextRowGroup} cannot be read ({InputException.LibraryMessage(e.Message)})", e);
            }
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
        using var group = reader.RowGroup(index);
        var rows = checked((int)group.MetaData.NumRows);
        for (var c = 0; c < Columns.Count; c++)
        {
            using var column = group.Column(fileIndexes[c]);
            groupValues[c] = Columns[c].Kind == ColumnKind.Categorical
                ? ReadCodes(column, c, rows)
                : ReadNumbers(column, c, rows);
        }

        groupRows = rows;
        groupOffset = 0;
    }

    private int[] ReadCodes(ColumnReader column, int c, int rows)
    {
        var codes = GC.AllocateUninitializedArray<int>(rows);
        var dictionary = categories[c]!;
        if (elementTypes[c] == typeof(string))
        {
            var values = new string?[rows];
            using var logical = column.LogicalReader<string?>();
            logical.ReadBatch(values);
            for (var i = 0; i < rows; i++)
            {
                if (string.IsNullOrEmpty(values[i]))
                {
                    missing[c]++;
                }

                codes[i] = dictionary.GetOrAdd(values[i] ?? string.Empty);
            }

            return codes;
        }

        // A numeric column used as a group or categorical drift column: its values become category names,
        // formatted into a buffer so that only a value not seen before allocates its name.
        var numbers = ReadNumbers(column, c, rows);
        Span<char> text = stackalloc char[32];
        for (var i = 0; i < rows; i++)
        {
            var length = 0;
            if (!double.IsNaN(numbers[i]))
            {
                numbers[i].TryFormat(text, out length, default, System.Globalization.CultureInfo.InvariantCulture);
            }

            codes[i] = dictionary.GetOrAdd(text[..length]);
        }

        return codes;
    }

    private double[] ReadNumbers(ColumnReader column, int c, int rows)
    {
        var type = elementTypes[c];
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null;
        return (underlying ?? type) switch
        {
            var t when t == typeof(double) => nullable ? ReadNumbers<double>(column, c, rows, nullable: true) : ReadDirect(column, rows),
            var t when t == typeof(float) => ReadNumbers<float>(column, c, rows, nullable),
            var t when t == typeof(long) => ReadNumbers<long>(column, c, rows, nullable),
            var t when t == typeof(int) => ReadNumbers<int>(column, c, rows, nullable),
            var t when t == typeof(short) => ReadNumbers<short>(column, c, rows, nullable),
            var t when t == typeof(sbyte) => ReadNumbers<sbyte>(column, c, rows, nullable),
            var t when t == typeof(byte) => ReadNumbers<byte>(column, c, rows, nullable),
            var t when t == typeof(ulong) => ReadNumbers<ulong>(column, c, rows, nullable),
            var t when t == typeof(uint) => ReadNumbers<uint>(column, c, rows, nullable),
            var t when t == typeof(ushort) => ReadNumbers<ushort>(column, c, rows, nullable),
            var t when t == typeof(decimal) => ReadNumbers<decimal>(column, c, rows, nullable),
            var t when t == typeof(bool) => nullable
                ? Read<bool?>(column, c, rows, static v => v is { } b ? (b ? 1 : 0) : null)
                : Read<bool>(column, c, rows, static v => v ? 1 : 0),
            var t => throw new InputException($"{fileName}: column {InputException.Quote(Columns[c].Name)} has type {t.Name}, which is not numeric"),
        };
    }

    private double[] ReadNumbers<T>(ColumnReader column, int c, int rows, bool nullable)
        where T : struct, INumberBase<T> =>
        nullable
            ? Read<T?>(column, c, rows, static v => v is { } x ? double.CreateChecked(x) : null)
            : Read<T>(column, c, rows, static v => double.CreateChecked(v));

    private static double[] ReadDirect(ColumnReader column, int rows)
    {
        var result = GC.AllocateUninitializedArray<double>(rows);
        using var logical = column.LogicalReader<double>();
        logical.ReadBatch(result);
        return result;
    }

    private double[] Read<T>(ColumnReader column, int c, int rows, Func<T, double?> convert)
    {
        var raw = new T[rows];
        using (var logical = column.LogicalReader<T>())
        {
            logical.ReadBatch(raw);
        }

        var result = GC.AllocateUninitializedArray<double>(rows);
        for (var i = 0; i < rows; i++)
        {
            if (convert(raw[i]) is { } value)
            {
                result[i] = value;
            }
            else
            {
                missing[c]++;
                result[i] = double.NaN;
            }
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

    private static Type ElementType(ColumnDescriptor descriptor)
    {
        var (_, _, element) = descriptor.GetSystemTypes(LogicalTypeFactory.Default, null, false);
        return element;
    }

    private static ParquetFileReader Open(string path)
    {
        try
        {
            return new ParquetFileReader(path);
        }
        catch (ParquetException e)
        {
            throw new InputException($"{System.IO.Path.GetFileName(path)}: not a readable Parquet file ({InputException.LibraryMessage(e.Message)})", e);
        }
    }

    internal static IReadOnlyList<ColumnSpec> InferKinds(string path, IReadOnlyList<string> columnNames)
    {
        using var reader = Open(path);
        var schema = reader.FileMetaData.Schema;
        var names = Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name).ToList();
        var indexes = TableReader.Resolve(path, names, [.. columnNames.Select(n => new ColumnSpec(n, ColumnKind.Numeric))]);
        return [.. columnNames.Select((n, i) => new ColumnSpec(
            n,
            ElementType(schema.Column(indexes[i])) == typeof(string) ? ColumnKind.Categorical : ColumnKind.Numeric))];
    }

    public void Dispose() => reader.Dispose();
}
