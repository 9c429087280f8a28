using System.Buffers.Binary;
using ModelRisk.Validation.Engine.Classification;

namespace ModelRisk.Validation.Engine.Fairness;

/// <summary>
/// Mergeable per-group statistics for shards: one exact binary accumulator per group code. The report of
/// merged shards equals <see cref="GroupMetrics.Compute"/> over all rows, bootstrap intervals included,
/// because both are computed from the same per-group distinct-score tables.
/// </summary>
public sealed class GroupAccumulator
{
    private readonly BinaryAccumulator[] groups;

    public GroupAccumulator(int groupCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupCount);
        groups = new BinaryAccumulator[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            groups[g] = new BinaryAccumulator();
        }
    }

    public int GroupCount => groups.Length;

    public long Rows(int groupCode) => groups[groupCode].Rows;

    public void Add(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, ReadOnlySpan<int> groupCodes)
    {
        var tables = GroupMetrics.GroupTables(scores, labels, groupCodes, groups.Length);
        for (var g = 0; g < groups.Length; g++)
        {
            groups[g].Merge(tables[g]);
        }
    }

    public void Merge(GroupAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.groups.Length != groups.Length)
        {
            throw new ArgumentException($"cannot merge {other.groups.Length} groups into {groups.Length}", nameof(other));
        }

        for (var g = 0; g < groups.Length; g++)
        {
            groups[g].Merge(other.groups[g]);
        }
    }

    public GroupReport ToReport(IReadOnlyList<string> groupNames, GroupOptions options)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        ArgumentNullException.ThrowIfNull(options);
        return GroupMetrics.FromTables(groups.Select(g => g.Table).ToArray(), groupNames, options);
    }

    /// <summary>Little endian: group count, then per group the byte length and the binary accumulator's bytes.</summary>
    public byte[] ToBytes()
    {
        var parts = groups.Select(g => g.ToBytes()).ToArray();
        var bytes = new byte[4 + parts.Sum(p => 4 + p.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, parts.Length);
        var at = 4;
        foreach (var part in parts)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), part.Length);
            part.CopyTo(bytes, at + 4);
            at += 4 + part.Length;
        }

        return bytes;
    }

    public static GroupAccumulator FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new FormatException("not a serialised group accumulator");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (count < 0)
        {
            throw new FormatException("negative group count");
        }

        var accumulator = new GroupAccumulator(count);
        var at = 4;
        for (var g = 0; g < count; g++)
        {
            if (bytes.Length - at < 4)
            {
                throw new FormatException("group accumulator payload is truncated");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            if (length < 0 || bytes.Length - at - 4 < length)
            {
                throw new FormatException("group accumulator payload is truncated");
            }

            accumulator.groups[g] = BinaryAccumulator.FromBytes(bytes.Slice(at + 4, length));
            at += 4 + length;
        }

        if (at != bytes.Length)
        {
            throw new FormatException("group accumulator payload has trailing bytes");
        }

        return accumulator;
    }
}
