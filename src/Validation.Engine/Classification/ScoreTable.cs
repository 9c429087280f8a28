using System.Buffers.Binary;

namespace ModelRisk.Validation.Engine.Classification;

/// <summary>
/// The distinct scores in ascending order with the number of positive and negative rows at each.
/// Every binary metric is a function of this table, so shards merged table-wise give exactly the
/// figures of one pass over all rows.
/// </summary>
internal sealed class ScoreTable
{
    private static readonly ulong OneBits = BitConverter.DoubleToUInt64Bits(1.0);

    /// <summary>Below this many rows splitting the sort over two threads costs more than it saves.</summary>
    private const int ParallelSortThreshold = 1 << 18;

    public ScoreTable(ulong[] scoreBits, int[] positives, int[] negatives, int count)
    {
        ScoreBits = scoreBits;
        PositiveCounts = positives;
        NegativeCounts = negatives;
        Count = count;
        long p = 0, n = 0;
        for (var g = 0; g < count; g++)
        {
            p += positives[g];
            n += negatives[g];
        }

        Positives = p;
        Negatives = n;
    }

    public static ScoreTable Empty { get; } = new([], [], [], 0);

    /// <summary>IEEE bit patterns of the distinct scores; for non-negative doubles bit order is value order.</summary>
    public ulong[] ScoreBits { get; }

    public int[] PositiveCounts { get; }

    public int[] NegativeCounts { get; }

    public int Count { get; }

    public long Positives { get; }

    public long Negatives { get; }

    public long Rows => Positives + Negatives;

    public double Score(int group) => BitConverter.UInt64BitsToDouble(ScoreBits[group]);

    public static ScoreTable Build(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels) =>
        FromSortedKeys(SortKeys(scores, labels, out _));

    /// <summary>
    /// The rows as ascending keys: score bits shifted left by one with the label in bit 0. A score in
    /// [0, 1] has its top two bits clear, so the shift loses nothing and one ulong orders by score with
    /// negatives before positives at equal scores.
    /// </summary>
    public static ulong[] SortKeys(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, out long positives)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"scores has {scores.Length} rows but labels has {labels.Length}", nameof(labels));
        }

        var n = scores.Length;
        positives = 0;
        if (n == 0)
        {
            return [];
        }

        var keys = GC.AllocateUninitializedArray<ulong>(n);
        var split = n >= ParallelSortThreshold && Environment.ProcessorCount > 1;
        var splitter = split ? SampleMedianKey(scores) : ulong.MaxValue;
        ulong worstBits = 0;
        var labelBits = 0;
        int low = 0, high = n - 1;
        for (var i = 0; i < n; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(scores[i] + 0.0);
            var label = labels[i];
            worstBits = Math.Max(worstBits, bits);
            labelBits |= label;
            positives += label;
            var key = (bits << 1) | (uint)(label & 1);

            // Branch-free two-ended partition around the splitter so both halves sort independently.
            var isLow = key < splitter ? 1 : 0;
            keys[low] = key;
            keys[high] = key;
            low += isLow;
            high -= 1 - isLow;
        }

        if (worstBits > OneBits)
        {
            throw new ArgumentOutOfRangeException(nameof(scores), "scores must be finite and within [0, 1]");
        }

        if (labelBits > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(labels), "labels must be 0 or 1");
        }

        var scratch = GC.AllocateUninitializedArray<ulong>(n);
        if (split)
        {
            var lowCount = low;
            Parallel.Invoke(
                () => RadixSort.Sort(keys.AsSpan(0, lowCount), scratch.AsSpan(0, lowCount)),
                () => RadixSort.Sort(keys.AsSpan(lowCount), scratch.AsSpan(lowCount)));
        }
        else
        {
            RadixSort.Sort(keys, scratch);
        }

        return keys;
    }

    private static ulong SampleMedianKey(ReadOnlySpan<double> scores)
    {
        const int samples = 1023;
        Span<ulong> sample = stackalloc ulong[samples];
        var step = scores.Length / samples;
        for (var i = 0; i < samples; i++)
        {
            sample[i] = BitConverter.DoubleToUInt64Bits(scores[i * step] + 0.0) << 1;
        }

        sample.Sort();
        return sample[samples / 2];
    }

    /// <summary>Collapses sorted (score, label) keys in place into the distinct-score table.</summary>
    public static ScoreTable FromSortedKeys(ulong[] keys)
    {
        var n = keys.Length;
        if (n == 0)
        {
            return Empty;
        }

        var positives = new int[n];
        var negatives = new int[n];
        var g = -1;
        var previous = ulong.MaxValue;
        for (var i = 0; i < n; i++)
        {
            var key = keys[i];
            var score = key >> 1;
            var label = (int)(key & 1);
            if (score != previous)
            {
                g++;
                keys[g] = score;
                previous = score;
            }

            positives[g] += label;
            negatives[g] += 1 - label;
        }

        return new ScoreTable(keys, positives, negatives, g + 1);
    }

    public static ScoreTable Merge(ScoreTable a, ScoreTable b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        var capacity = a.Count + b.Count;
        var bits = new ulong[capacity];
        var pos = new int[capacity];
        var neg = new int[capacity];
        int i = 0, j = 0, g = 0;
        while (i < a.Count && j < b.Count)
        {
            var x = a.ScoreBits[i];
            var y = b.ScoreBits[j];
            if (x < y)
            {
                bits[g] = x;
                pos[g] = a.PositiveCounts[i];
                neg[g] = a.NegativeCounts[i++];
            }
            else if (y < x)
            {
                bits[g] = y;
                pos[g] = b.PositiveCounts[j];
                neg[g] = b.NegativeCounts[j++];
            }
            else
            {
                bits[g] = x;
                pos[g] = checked(a.PositiveCounts[i] + b.PositiveCounts[j]);
                neg[g] = checked(a.NegativeCounts[i++] + b.NegativeCounts[j++]);
            }

            g++;
        }

        for (; i < a.Count; i++, g++)
        {
            bits[g] = a.ScoreBits[i];
            pos[g] = a.PositiveCounts[i];
            neg[g] = a.NegativeCounts[i];
        }

        for (; j < b.Count; j++, g++)
        {
            bits[g] = b.ScoreBits[j];
            pos[g] = b.PositiveCounts[j];
            neg[g] = b.NegativeCounts[j];
        }

        return new ScoreTable(bits, pos, neg, g);
    }

    private const uint Magic = 0x4254524D; // "MRTB"
    private const int HeaderBytes = 12;
    private const int GroupBytes = 16;

    /// <summary>Little-endian: magic, version, group count, then (score bits, positives, negatives) per group.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        WriteTo(bytes);
        return bytes;
    }

    public long ByteLength => HeaderBytes + ((long)Count * GroupBytes);

    /// <summary>Writes the <see cref="ToBytes"/> form into <paramref name="span"/>, which holds at least <see cref="ByteLength"/> bytes.</summary>
    public void WriteTo(Span<byte> span)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Count);
        for (var g = 0; g < Count; g++)
        {
            var at = span[(HeaderBytes + (g * GroupBytes))..];
            BinaryPrimitives.WriteUInt64LittleEndian(at, ScoreBits[g]);
            BinaryPrimitives.WriteInt32LittleEndian(at[8..], PositiveCounts[g]);
            BinaryPrimitives.WriteInt32LittleEndian(at[12..], NegativeCounts[g]);
        }
    }

    public static ScoreTable FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new FormatException("not a serialised binary accumulator");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (version != 1)
        {
            throw new FormatException($"unsupported binary accumulator version {version}");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (count < 0 || bytes.Length != HeaderBytes + ((long)count * GroupBytes))
        {
            throw new FormatException("binary accumulator payload has the wrong length");
        }

        var bits = new ulong[count];
        var pos = new int[count];
        var neg = new int[count];
        for (var g = 0; g < count; g++)
        {
            var at = bytes[(HeaderBytes + (g * GroupBytes))..];
            bits[g] = BinaryPrimitives.ReadUInt64LittleEndian(at);
            pos[g] = BinaryPrimitives.ReadInt32LittleEndian(at[8..]);
            neg[g] = BinaryPrimitives.ReadInt32LittleEndian(at[12..]);
            if (bits[g] > OneBits || pos[g] < 0 || neg[g] < 0 || (pos[g] | neg[g]) == 0 || (g > 0 && bits[g] <= bits[g - 1]))
            {
                throw new FormatException($"binary accumulator group {g} is invalid");
            }
        }

        return new ScoreTable(bits, pos, neg, count);
    }
}
