namespace ModelRisk.Validation.Engine.Data;

public enum ColumnKind
{
    Numeric,
    Label,
    Categorical,
}

public sealed record ColumnSpec(string Name, ColumnKind Kind);

public static class LabelCodes
{
    public const byte Negative = 0;
    public const byte Positive = 1;

    // Out-of-band codes let a chunk carry bad labels to the quality checks without a second buffer.
    public const byte Missing = 254;
    public const byte Invalid = 255;
}

/// <summary>
/// Codes for one categorical column. Codes are stable across chunks and files that share the
/// dictionary, so a reference file and the evaluation file can be compared code for code.
/// </summary>
public sealed class CategoryDictionary
{
    private readonly Dictionary<string, int> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly List<string> names = [];

    public CategoryDictionary() => lookup = codes.GetAlternateLookup<ReadOnlySpan<char>>();

    public IReadOnlyList<string> Names => names;

    public int GetOrAdd(ReadOnlySpan<char> value)
    {
        if (lookup.TryGetValue(value, out var code))
        {
            return code;
        }

        return Add(value.ToString());
    }

    public int GetOrAdd(string value) => codes.TryGetValue(value, out var code) ? code : Add(value);

    private int Add(string value)
    {
        var code = names.Count;
        names.Add(value);
        codes.Add(value, code);
        return code;
    }
}

/// <summary>One block of rows from a table, holding only the requested columns in reused buffers.</summary>
public sealed class TableChunk
{
    private readonly double[]?[] numeric;
    private readonly byte[]?[] labels;
    private readonly int[]?[] codes;

    public TableChunk(IReadOnlyList<ColumnSpec> columns, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Columns = columns;
        Capacity = capacity;
        numeric = new double[]?[columns.Count];
        labels = new byte[]?[columns.Count];
        codes = new int[]?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            switch (columns[i].Kind)
            {
                case ColumnKind.Numeric:
                    numeric[i] = GC.AllocateUninitializedArray<double>(capacity);
                    break;
                case ColumnKind.Label:
                    labels[i] = GC.AllocateUninitializedArray<byte>(capacity);
                    break;
                default:
                    codes[i] = GC.AllocateUninitializedArray<int>(capacity);
                    break;
            }
        }
    }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public int Capacity { get; }

    public int Rows { get; internal set; }

    /// <summary>Zero-based index, in the whole file, of this chunk's first row.</summary>
    public long FirstRow { get; internal set; }

    public ReadOnlySpan<double> Numeric(int column) => Buffer(numeric, column).AsSpan(0, Rows);

    public ReadOnlySpan<byte> Labels(int column) => Buffer(labels, column).AsSpan(0, Rows);

    public ReadOnlySpan<int> Codes(int column) => Buffer(codes, column).AsSpan(0, Rows);

    internal double[] NumericBuffer(int column) => Buffer(numeric, column);

    internal byte[] LabelBuffer(int column) => Buffer(labels, column);

    internal int[] CodeBuffer(int column) => Buffer(codes, column);

    private T[] Buffer<T>(T[]?[] buffers, int column) =>
        buffers[column] ?? throw new InvalidOperationException(
            $"Column '{Columns[column].Name}' is {Columns[column].Kind}, not read as {typeof(T).Name}.");
}

/// <summary>
/// A column grown chunk by chunk. It is sized from an estimate of the final row count so a long file is
/// not copied as it grows, and the array may end longer than <see cref="Count"/> to avoid a final copy.
/// </summary>
public sealed class ColumnBuilder<T>(long expectedRows)
    where T : unmanaged
{
    private T[] items = GC.AllocateUninitializedArray<T>((int)Math.Clamp(expectedRows, 16, Array.MaxLength));
    private long expected = expectedRows;

    public int Count { get; private set; }

    public ReadOnlySpan<T> Values => items.AsSpan(0, Count);

    internal Span<T> WritableValues => items.AsSpan(0, Count);

    internal void Truncate(int count) => Count = Math.Min(count, Count);

    /// <summary>
    /// A better estimate of the final size, used the next time the column must grow. It never reallocates by
    /// itself: a copy of every column whenever the estimate moves would double the peak memory.
    /// </summary>
    public void Expect(long rows) => expected = rows;

    public void Append(ReadOnlySpan<T> values)
    {
        var needed = (long)Count + values.Length;
        if (needed > items.Length)
        {
            var size = Math.Max(needed, Math.Max(expected, items.Length + (items.Length >> 2)));
            var next = GC.AllocateUninitializedArray<T>((int)Math.Min(size, Array.MaxLength));
            items.AsSpan(0, Count).CopyTo(next);
            items = next;
        }

        values.CopyTo(items.AsSpan(Count));
        Count += values.Length;
    }
}
