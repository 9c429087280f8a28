using System.Buffers.Binary;
using ModelRisk.Validation.Engine.Classification;
using ModelRisk.Validation.Engine.Drift;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>What a sorted run holds: a distinct-score table or a drift column's distinct-value table.</summary>
internal enum RunKind
{
    Scores,
    Values,
}

/// <summary>
/// One entry of a sorted run. <see cref="Key"/> orders the entries: a score's IEEE bits (non-negative doubles order
/// by their bits), or a value's bits mapped so that unsigned order is numeric order. Scores carry their positive and
/// negative rows in <see cref="A"/> and <see cref="B"/>; values their count in <see cref="A"/> and their own bits in
/// <see cref="B"/>.
/// </summary>
internal readonly record struct RunEntry(ulong Key, long A, long B)
{
    public static ulong OrderedKey(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }
}

/// <summary>Reads a run's entries in ascending key order.</summary>
internal abstract class RunCursor : IDisposable
{
    public abstract bool TryRead(out RunEntry entry);

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the cursor holds open (a file).</summary>
    protected virtual void Release()
    {
    }
}

/// <summary>
/// One shard's sorted table as the merge reads it: in memory (a shard computed or parsed in this process), or a
/// region of a statistics file read block by block, so a merge over many shards holds a block of each, not the
/// shards (docs/adr/070-sharded-validation.md). Every run is validated when it is made (ascending keys, counts in
/// range), so the merge trusts its entries.
/// </summary>
internal abstract class SortedRun
{
    /// <summary>Bytes of one entry in the statistics format, for either kind.</summary>
    public const int EntryBytes = 16;

    protected SortedRun(RunKind kind, int count, long rows)
    {
        Kind = kind;
        Count = count;
        Rows = rows;
    }

    public RunKind Kind { get; }

    /// <summary>Distinct keys (entries) in the run.</summary>
    public int Count { get; }

    /// <summary>Rows the run counts: positives and negatives of a score table, the values' counts of a value table.</summary>
    public long Rows { get; }

    public abstract RunCursor Open();

    public static SortedRun Of(ScoreTable table) => new ScoreTableRun(table);

    public static SortedRun Of(ValueCounts table) => new ValueCountsRun(table);

    /// <summary>Writes an entry in the statistics format: a score's bits and its two counts, or a value and its count.</summary>
    public static void Write(RunKind kind, in RunEntry entry, Span<byte> at)
    {
        if (kind == RunKind.Scores)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(at, entry.Key);
            BinaryPrimitives.WriteInt32LittleEndian(at[8..], (int)entry.A);
            BinaryPrimitives.WriteInt32LittleEndian(at[12..], (int)entry.B);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(at, (ulong)entry.B);
            BinaryPrimitives.WriteInt64LittleEndian(at[8..], entry.A);
        }
    }

    /// <summary>
    /// Reads an entry in the statistics format and checks it against the one before it (null for the first): keys
    /// strictly ascending, a score within [0, 1] with non-negative counts not both zero, a value finite and not
    /// negative zero with a positive count. A violation is a <see cref="FormatException"/> naming the entry.
    /// </summary>
    public static RunEntry Read(RunKind kind, ReadOnlySpan<byte> at, ulong? previousKey, long index)
    {
        RunEntry entry;
        bool valid;
        if (kind == RunKind.Scores)
        {
            var bits = BinaryPrimitives.ReadUInt64LittleEndian(at);
            var positives = BinaryPrimitives.ReadInt32LittleEndian(at[8..]);
            var negatives = BinaryPrimitives.ReadInt32LittleEndian(at[12..]);
            entry = new RunEntry(bits, positives, negatives);
            valid = bits <= BitConverter.DoubleToUInt64Bits(1.0) && positives >= 0 && negatives >= 0 && (positives | negatives) != 0;
        }
        else
        {
            var bits = BinaryPrimitives.ReadUInt64LittleEndian(at);
            var value = BitConverter.UInt64BitsToDouble(bits);
            var count = BinaryPrimitives.ReadInt64LittleEndian(at[8..]);
            entry = new RunEntry(RunEntry.OrderedKey(value), count, (long)bits);
            valid = double.IsFinite(value) && bits != 0x8000_0000_0000_0000UL && count > 0;
        }

        if (!valid || (previousKey is { } previous && entry.Key <= previous))
        {
            throw new FormatException(kind == RunKind.Scores
                ? $"score {index} is out of [0, 1], not ascending or has invalid counts"
                : $"value {index} is not finite, not ascending, negative zero or has no count");
        }

        return entry;
    }

    private sealed class ScoreTableRun(ScoreTable table) : SortedRun(RunKind.Scores, table.Count, table.Rows)
    {
        public override RunCursor Open() =>
            new ArrayCursor(table.Count, g => new RunEntry(table.ScoreBits[g], table.PositiveCounts[g], table.NegativeCounts[g]));
    }

    private sealed class ValueCountsRun(ValueCounts table) : SortedRun(RunKind.Values, table.Count, table.Total)
    {
        public override RunCursor Open() => new ArrayCursor(table.Count, g =>
        {
            var value = table.Values[g];
            return new RunEntry(RunEntry.OrderedKey(value), table.CountAt(g), (long)BitConverter.DoubleToUInt64Bits(value));
        });
    }

    /// <summary>Reads entries 0 to count - 1 of a table in memory.</summary>
    private sealed class ArrayCursor(int count, Func<int, RunEntry> entryAt) : RunCursor
    {
        private int next;

        public override bool TryRead(out RunEntry entry)
        {
            if (next == count)
            {
                entry = default;
                return false;
            }

            entry = entryAt(next++);
            return true;
        }
    }
}

/// <summary>
/// A run stored in a statistics file: <see cref="SortedRun.Count"/> entries of <see cref="SortedRun.EntryBytes"/> from
/// <see cref="Offset"/>. Made by <see cref="Scan"/>, which reads the region once to validate it and count its rows.
/// </summary>
internal sealed class FileRun : SortedRun
{
    private const int BlockEntries = 4096;

    private FileRun(string path, long offset, RunKind kind, int count, long rows)
        : base(kind, count, rows)
    {
        Path = path;
        Offset = offset;
    }

    public string Path { get; }

    public long Offset { get; }

    /// <summary>Validates the <paramref name="count"/> entries at the stream's position and leaves it after them.</summary>
    public static FileRun Scan(FileStream stream, string path, RunKind kind, int count, string what)
    {
        var offset = stream.Position;
        var buffer = new byte[BlockEntries * EntryBytes];
        ulong? previous = null;
        long rows = 0;
        for (long read = 0; read < count;)
        {
            var entries = (int)Math.Min(BlockEntries, count - read);
            var block = buffer.AsSpan(0, entries * EntryBytes);
            if (stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false) < block.Length)
            {
                throw new FormatException($"shard statistics are truncated: the {what} table ends before its {count} entries");
            }

            for (var i = 0; i < entries; i++)
            {
                RunEntry entry;
                try
                {
                    entry = Read(kind, block.Slice(i * EntryBytes, EntryBytes), previous, read + i);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"shard statistics: the {what} table is invalid ({e.Message})", e);
                }

                previous = entry.Key;
                rows = checked(rows + entry.A + (kind == RunKind.Scores ? entry.B : 0));
            }

            read += entries;
        }

        return new FileRun(path, offset, kind, count, rows);
    }

    public override RunCursor Open() => new Cursor(this);

    private sealed class Cursor : RunCursor
    {
        private readonly FileRun run;
        private readonly FileStream stream;
        private readonly byte[] buffer = new byte[BlockEntries * EntryBytes];
        private int inBuffer;
        private int next;
        private long remaining;

        public Cursor(FileRun run)
        {
            this.run = run;
            remaining = run.Count;
            stream = new FileStream(run.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            stream.Position = run.Offset;
        }

        public override bool TryRead(out RunEntry entry)
        {
            if (next == inBuffer)
            {
                if (remaining == 0)
                {
                    entry = default;
                    return false;
                }

                inBuffer = (int)Math.Min(BlockEntries, remaining);
                var block = buffer.AsSpan(0, inBuffer * EntryBytes);
                if (stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false) < block.Length)
                {
                    throw new IOException($"{run.Path} changed while it was merged: its table ends early");
                }

                remaining -= inBuffer;
                next = 0;
            }

            // Validated when the run was scanned; read without the checks.
            var at = buffer.AsSpan(next++ * EntryBytes, EntryBytes);
            if (run.Kind == RunKind.Scores)
            {
                entry = new RunEntry(
                    BinaryPrimitives.ReadUInt64LittleEndian(at),
                    BinaryPrimitives.ReadInt32LittleEndian(at[8..]),
                    BinaryPrimitives.ReadInt32LittleEndian(at[12..]));
            }
            else
            {
                var bits = BinaryPrimitives.ReadUInt64LittleEndian(at);
                entry = new RunEntry(RunEntry.OrderedKey(BitConverter.UInt64BitsToDouble(bits)), BinaryPrimitives.ReadInt64LittleEndian(at[8..]), (long)bits);
            }

            return true;
        }

        protected override void Release() => stream.Dispose();
    }
}
