using System.Buffers.Binary;
using System.Text;
using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Data;
using ModelRisk.Validation.Engine.Drift;
using ModelRisk.Validation.Engine.Quality;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// The mergeable statistics of one shard: row and quality counts, categories by name with counts, exact
/// distinct-value tables of the numeric drift columns, and the distinct-score tables behind the binary and group
/// metrics. Merged in shard order they give exactly what one pass over the file gives. The binary form
/// (<see cref="ToBytes"/>) is laid out in docs/metrics.md ("Sharded validation").
/// </summary>
public sealed class ShardStatistics
{
    /// <summary>
    /// 2: every table (score, group and drift-value tables) is a section of its own with its entry count ahead of its
    /// entries, so a reader can locate a table without reading it (<see cref="Open"/>). 1 nested the value tables in
    /// the column sections and used the score table's own serialised form.
    /// </summary>
    public const int FormatVersion = 2;

    private const uint Magic = 0x5353524D; // "MRSS" as little-endian bytes
    private const byte ShardSection = 1;
    private const byte ColumnSection = 2;
    private const byte BinarySection = 3;
    private const byte GroupSection = 4;
    private const byte ValuesSection = 5;
    private const byte Seen = 1;
    private const byte Varies = 2;
    private const byte HasValues = 4;

    internal ShardStatistics(
        int shardIndex,
        int shardCount,
        long dataBytes,
        long rows,
        long blankLines,
        long scoresOutOfRange,
        long labelsNotBinary,
        long missingLabels,
        int groupColumn,
        IReadOnlyList<ShardColumn> columns,
        SortedRun binary,
        IReadOnlyList<SortedRun> groups)
    {
        ShardIndex = shardIndex;
        ShardCount = shardCount;
        DataBytes = dataBytes;
        Rows = rows;
        BlankLines = blankLines;
        ScoresOutOfRange = scoresOutOfRange;
        LabelsNotBinary = labelsNotBinary;
        MissingLabels = missingLabels;
        GroupColumn = groupColumn;
        Columns = columns;
        Binary = binary;
        Groups = groups;
    }

    public int ShardIndex { get; }

    public int ShardCount { get; }

    public long Rows { get; }

    /// <summary>Length of the data file the shard was cut from, so a merge refuses shards of another file.</summary>
    internal long DataBytes { get; }

    internal long BlankLines { get; }

    internal long ScoresOutOfRange { get; }

    internal long LabelsNotBinary { get; }

    internal long MissingLabels { get; }

    /// <summary>Index of the group column in <see cref="Columns"/>, or -1.</summary>
    internal int GroupColumn { get; }

    internal IReadOnlyList<ShardColumn> Columns { get; }

    /// <summary>The distinct-score table of every row, in memory or in the statistics file it was read from.</summary>
    internal SortedRun Binary { get; }

    /// <summary>One distinct-score table per category of the group column, in its order; empty without a group column.</summary>
    internal IReadOnlyList<SortedRun> Groups { get; }

    public byte[] ToBytes()
    {
        // Sized exactly up front, so the statistics are written once, into the array that is returned.
        var output = new StatisticsWriter(ByteLength());
        output.UInt32(Magic).Int32(FormatVersion);

        var section = output.Begin(ShardSection);
        output.Int32(ShardIndex).Int32(ShardCount).Int64(DataBytes).Int64(Rows).Int64(BlankLines)
            .Int64(ScoresOutOfRange).Int64(LabelsNotBinary).Int64(MissingLabels).Int32(GroupColumn).Int32(Columns.Count);
        output.End(section);
        foreach (var column in Columns)
        {
            section = output.Begin(ColumnSection);
            var q = column.Quality;
            output.String(column.Spec.Name).Byte((byte)column.Spec.Kind)
                .Int64(column.Missing).Int64(q.NaN).Int64(q.PositiveInfinity).Int64(q.NegativeInfinity)
                .Byte((byte)((q.Seen ? Seen : 0) | (q.Varies ? Varies : 0) | (column.Values is null ? 0 : HasValues)));
            if (q.Seen)
            {
                if (column.Spec.Kind == ColumnKind.Categorical)
                {
                    output.String(column.FirstName!);
                }
                else
                {
                    output.Double(q.First);
                }
            }

            if (column.Spec.Kind == ColumnKind.Categorical)
            {
                output.Int32(column.Categories!.Count);
                for (var i = 0; i < column.Categories.Count; i++)
                {
                    output.String(column.Categories[i]).Int64(column.CategoryCounts![i]);
                }
            }

            output.End(section);
            if (column.Values is { } values)
            {
                output.Table(ValuesSection, values);
            }
        }

        output.Table(BinarySection, Binary);
        foreach (var group in Groups)
        {
            output.Table(GroupSection, group);
        }

        return output.ToArray();
    }

    private static long TableLength(SortedRun table) => 9 + 4 + ((long)table.Count * SortedRun.EntryBytes);

    /// <summary>The length of <see cref="ToBytes"/>'s result, field by field as it writes them.</summary>
    private long ByteLength()
    {
        static long Text(string value) => 4 + Encoding.UTF8.GetByteCount(value);
        var length = 8L + 9 + 64;
        foreach (var column in Columns)
        {
            length += 9 + Text(column.Spec.Name) + 1 + 32 + 1;
            if (column.Quality.Seen)
            {
                length += column.Spec.Kind == ColumnKind.Categorical ? Text(column.FirstName!) : 8;
            }

            if (column.Categories is { } categories)
            {
                length += 4 + categories.Sum(n => Text(n) + 8);
            }

            if (column.Values is { } values)
            {
                length += TableLength(values);
            }
        }

        return length + TableLength(Binary) + Groups.Sum(TableLength);
    }

    /// <summary>Reads statistics held in memory, tables included.</summary>
    public static ShardStatistics FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, path: null);
    }

    /// <summary>
    /// Reads the statistics file at <paramref name="path"/> without loading its tables: everything else is read, each
    /// table is checked in one sequential pass and left in the file, where the merge reads it block by block
    /// (<see cref="ShardMerge"/>). The file must stay in place until the merge is complete.
    /// </summary>
    public static ShardStatistics Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Parses the format from <paramref name="stream"/>; tables are loaded unless <paramref name="path"/> names the file they stay in.</summary>
    private static ShardStatistics Read(Stream stream, string? path)
    {
        Span<byte> head = stackalloc byte[8];
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8)
        {
            throw new FormatException($"shard statistics are truncated: {stream.Length} bytes cannot hold the 8-byte magic and version");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != Magic)
        {
            throw new FormatException("not shard statistics: the data does not start with the magic bytes 'MRSS'");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);
        if (version != FormatVersion)
        {
            throw new FormatException($"shard statistics format version {version} is not supported; this engine reads version {FormatVersion}");
        }

        var shardBytes = Section(stream, ShardSection, "shard");
        var shard = new StatisticsReader(shardBytes, 0);
        var index = shard.ReadInt32("shard index");
        var count = shard.ReadInt32("shard count");
        var dataBytes = shard.ReadInt64("data file bytes");
        var rows = shard.ReadInt64("rows");
        var blankLines = shard.ReadInt64("blank lines");
        var scoresOutOfRange = shard.ReadInt64("scores out of range");
        var labelsNotBinary = shard.ReadInt64("labels not binary");
        var missingLabels = shard.ReadInt64("missing labels");
        var groupColumn = shard.ReadInt32("group column");
        var columnCount = shard.ReadInt32("column count");
        End(shard, "shard");
        if (count < 1 || index < 0 || index >= count)
        {
            throw new FormatException($"shard statistics: shard index {index} is not within a count of {count}");
        }

        if (rows < 0 || blankLines < 0 || scoresOutOfRange < 0 || labelsNotBinary < 0 || missingLabels < 0 || dataBytes < 0)
        {
            throw new FormatException("shard statistics: a count in the shard section is negative");
        }

        // Each column is a section of at least 9 bytes (tag and length).
        var remaining = stream.Length - stream.Position;
        if (columnCount < 0 || (long)columnCount * 9 > remaining)
        {
            throw new FormatException($"shard statistics: {columnCount} columns cannot fit in the {remaining} bytes after the shard section");
        }

        if (groupColumn < -1 || groupColumn >= columnCount)
        {
            throw new FormatException($"shard statistics: group column {groupColumn} is not one of the {columnCount} columns");
        }

        var columns = new ShardColumn[columnCount];
        for (var c = 0; c < columnCount; c++)
        {
            var section = new StatisticsReader(Section(stream, ColumnSection, $"column {c}"), 0);
            var (column, hasValues) = ReadColumn(ref section, c);
            End(section, $"column {c}");
            columns[c] = hasValues ? column with { Values = ReadTable(stream, path, ValuesSection, RunKind.Values, $"column {c} value") } : column;
        }

        if (groupColumn >= 0 && columns[groupColumn].Spec.Kind != ColumnKind.Categorical)
        {
            throw new FormatException($"shard statistics: group column {groupColumn} is not categorical");
        }

        var binary = ReadTable(stream, path, BinarySection, RunKind.Scores, "binary");
        if (binary.Rows != rows)
        {
            throw new FormatException($"shard statistics: the score table holds {binary.Rows} rows but the shard {rows}");
        }

        var groupCount = groupColumn < 0 ? 0 : columns[groupColumn].Categories!.Count;
        var groups = new SortedRun[groupCount];
        long groupRows = 0;
        for (var g = 0; g < groupCount; g++)
        {
            groups[g] = ReadTable(stream, path, GroupSection, RunKind.Scores, $"group {g}");
            groupRows += groups[g].Rows;
        }

        if (groupColumn >= 0 && groupRows != rows)
        {
            throw new FormatException($"shard statistics: the group tables hold {groupRows} rows but the shard {rows}");
        }

        if (stream.Position < stream.Length)
        {
            throw new FormatException($"shard statistics have {stream.Length - stream.Position} trailing bytes after the last section (at byte {stream.Position})");
        }

        return new ShardStatistics(index, count, dataBytes, rows, blankLines, scoresOutOfRange, labelsNotBinary, missingLabels, groupColumn, columns, binary, groups);
    }

    private static (ShardColumn Column, bool HasValues) ReadColumn(ref StatisticsReader section, int c)
    {
        var name = section.ReadString($"column {c} name");
        var kindByte = section.ReadByte($"column {c} kind");
        if (kindByte > (byte)ColumnKind.Categorical)
        {
            throw new FormatException($"shard statistics: column {c} has unknown kind {kindByte}");
        }

        var kind = (ColumnKind)kindByte;
        var missing = section.ReadInt64($"column {c} missing");
        var nan = section.ReadInt64($"column {c} NaN count");
        var positive = section.ReadInt64($"column {c} +inf count");
        var negative = section.ReadInt64($"column {c} -inf count");
        var flags = section.ReadByte($"column {c} flags");
        if ((flags & ~(Seen | Varies | HasValues)) != 0 || (missing | nan | positive | negative) < 0)
        {
            throw new FormatException($"shard statistics: column {c} has unknown flags or a negative count");
        }

        var seen = (flags & Seen) != 0;
        double first = 0;
        string? firstName = null;
        if (seen)
        {
            if (kind == ColumnKind.Categorical)
            {
                firstName = section.ReadString($"column {c} first value");
            }
            else
            {
                first = section.ReadDouble($"column {c} first value");
            }
        }

        List<string>? categories = null;
        long[]? counts = null;
        if (kind == ColumnKind.Categorical)
        {
            var n = section.ReadCount($"column {c} category count", 12);
            categories = new List<string>(n);
            counts = new long[n];
            var names = new HashSet<string>(n, StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                var category = section.ReadString($"column {c} category {i}");
                counts[i] = section.ReadInt64($"column {c} category {i} count");
                if (!names.Add(category) || counts[i] < 0)
                {
                    throw new FormatException($"shard statistics: column {c} category {i} is repeated or has a negative count");
                }

                categories.Add(category);
            }

            if (firstName is not null && !names.Contains(firstName))
            {
                throw new FormatException($"shard statistics: column {c}'s first value is not one of its categories");
            }
        }

        var hasValues = (flags & HasValues) != 0;
        if (hasValues && kind != ColumnKind.Numeric)
        {
            throw new FormatException($"shard statistics: column {c} has a value table but is not numeric");
        }

        var quality = new QualityColumnState(nan, positive, negative, seen, (flags & Varies) != 0, first);
        return (new ShardColumn(new ColumnSpec(name, kind), missing, quality, firstName, categories, counts, null), hasValues);
    }

    /// <summary>
    /// The next section, a table of <paramref name="kind"/>: its entries checked in one pass and loaded, or, when
    /// <paramref name="path"/> names the file being read, left there as a <see cref="FileRun"/>.
    /// </summary>
    private static SortedRun ReadTable(Stream stream, string? path, byte tag, RunKind kind, string what)
    {
        var length = SectionLength(stream, tag, what);
        Span<byte> countBytes = stackalloc byte[4];
        if (length < 4 || stream.ReadAtLeast(countBytes, 4, throwOnEndOfStream: false) < 4)
        {
            throw new FormatException($"shard statistics are truncated: the {what} table has no entry count");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(countBytes);
        if (count < 0 || length != 4 + ((long)count * SortedRun.EntryBytes))
        {
            throw new FormatException($"shard statistics: the {what} table's {count} entries do not fill its {length}-byte section");
        }

        if (path is not null)
        {
            return FileRun.Scan((FileStream)stream, path, kind, count, what);
        }

        var entries = new byte[checked(count * SortedRun.EntryBytes)];
        stream.ReadExactly(entries);
        return kind == RunKind.Scores ? SortedRun.Of(LoadScores(entries, count, what)) : SortedRun.Of(LoadValues(entries, count, what));
    }

    private static ScoreTable LoadScores(byte[] entries, int count, string what)
    {
        var bits = new ulong[count];
        var positives = new int[count];
        var negatives = new int[count];
        ulong? previous = null;
        for (var g = 0; g < count; g++)
        {
            var entry = ReadEntry(RunKind.Scores, entries, g, previous, what);
            previous = entry.Key;
            (bits[g], positives[g], negatives[g]) = (entry.Key, (int)entry.A, (int)entry.B);
        }

        return new ScoreTable(bits, positives, negatives, count);
    }

    private static ValueCounts LoadValues(byte[] entries, int count, string what)
    {
        var values = new double[count];
        var ends = new long[count];
        ulong? previous = null;
        long total = 0;
        for (var g = 0; g < count; g++)
        {
            var entry = ReadEntry(RunKind.Values, entries, g, previous, what);
            previous = entry.Key;
            values[g] = BitConverter.Int64BitsToDouble(entry.B);
            total = checked(total + entry.A);
            ends[g] = total;
        }

        return ValueCounts.FromSortedEnds(values, ends);
    }

    private static RunEntry ReadEntry(RunKind kind, byte[] entries, int g, ulong? previous, string what)
    {
        try
        {
            return SortedRun.Read(kind, entries.AsSpan(g * SortedRun.EntryBytes, SortedRun.EntryBytes), previous, g);
        }
        catch (FormatException e)
        {
            throw new FormatException($"shard statistics: the {what} table is invalid ({e.Message})", e);
        }
    }

    /// <summary>The payload of the next section, which must carry <paramref name="tag"/> and is not a table.</summary>
    private static byte[] Section(Stream stream, byte tag, string what)
    {
        var length = SectionLength(stream, tag, what);
        if (length > Array.MaxLength)
        {
            throw new FormatException($"shard statistics: the {what} section's {length} bytes exceed what this reader holds");
        }

        var payload = new byte[length];
        stream.ReadExactly(payload);
        return payload;
    }

    /// <summary>Reads the next section's tag, which must be <paramref name="tag"/>, and its length, checked against the bytes left.</summary>
    private static long SectionLength(Stream stream, byte tag, string what)
    {
        var at = stream.Position;
        Span<byte> header = stackalloc byte[9];
        var read = stream.ReadAtLeast(header, 9, throwOnEndOfStream: false);
        if (read == 0)
        {
            throw new FormatException($"shard statistics are truncated: the {what} section is missing at byte {at}");
        }

        if (header[0] != tag)
        {
            throw new FormatException($"shard statistics: expected the {what} section (tag {tag}) at byte {at} but found tag {header[0]}");
        }

        var length = read < 9 ? -1 : BinaryPrimitives.ReadInt64LittleEndian(header[1..]);
        var remaining = stream.Length - stream.Position;
        if (length < 0 || length > remaining)
        {
            throw new FormatException(
                $"shard statistics are truncated: the {what} section at byte {at} needs {Math.Max(length, 0)} bytes but {remaining} remain");
        }

        return length;
    }

    private static void End(StatisticsReader section, string what)
    {
        if (section.Remaining > 0)
        {
            throw new FormatException($"shard statistics: the {what} section has {section.Remaining} bytes more than its fields");
        }
    }

    /// <summary>Writes the little-endian fields into one growing buffer; a section's length is filled in when it ends.</summary>
    private sealed class StatisticsWriter(long capacity)
    {
        private byte[] buffer = new byte[Math.Min(capacity, Array.MaxLength)];
        private int position;

        public StatisticsWriter Byte(byte value)
        {
            Span(1)[0] = value;
            return this;
        }

        public StatisticsWriter UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(Span(4), value);
            return this;
        }

        public StatisticsWriter Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);
            return this;
        }

        public StatisticsWriter Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(Span(8), value);
            return this;
        }

        public StatisticsWriter Double(double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(Span(8), value);
            return this;
        }

        public StatisticsWriter String(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            Int32(length);
            Encoding.UTF8.GetBytes(value, Span(length));
            return this;
        }

        /// <summary>Writes the tag and room for the length; returns where the length goes.</summary>
        public int Begin(byte tag)
        {
            Byte(tag);
            var at = position;
            Int64(0);
            return at;
        }

        public void End(int lengthAt) =>
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(lengthAt), position - lengthAt - 8);

        public void Table(byte tag, SortedRun table)
        {
            var section = Begin(tag);
            Int32(table.Count);
            using var cursor = table.Open();
            while (cursor.TryRead(out var entry))
            {
                SortedRun.Write(table.Kind, entry, Span(SortedRun.EntryBytes));
            }

            End(section);
        }

        public byte[] ToArray() => position == buffer.Length ? buffer : buffer[..position];

        private Span<byte> Span(int length)
        {
            if (buffer.Length - position < length)
            {
                var size = Math.Max((long)position + length, Math.Min((long)buffer.Length * 2, Array.MaxLength));
                if (size > Array.MaxLength)
                {
                    throw new InvalidOperationException("shard statistics exceed the 2 GiB a byte array holds; cut smaller shards");
                }

                Array.Resize(ref buffer, (int)size);
            }

            var span = buffer.AsSpan(position, length);
            position += length;
            return span;
        }
    }
}
