using ModelRisk.Validation.Engine.Data;
using ParquetSharp;

namespace ModelRisk.Validation.Engine.Sharding;

/// <summary>
/// Splits a data file into shards that together hold every record exactly once. A CSV file is cut into byte
/// ranges at record starts (never inside a quoted field, whatever line breaks or "" escapes it holds), found in
/// one sequential scan that only counts quotes until a cut is due; a Parquet file into runs of whole row groups.
/// </summary>
public static class ShardSplitter
{
    private const int BufferBytes = 1 << 20;

    /// <summary>
    /// Splits a file into shards of about <paramref name="targetBytes"/> each (CSV: byte ranges, the first starting
    /// after the header record, each ending after the first line break outside quotes at or past its target size;
    /// Parquet: whole row groups, by their compressed size). A file below the target is one shard; an empty file or
    /// a header-only CSV is one shard that yields no rows.
    /// </summary>
    public static IReadOnlyList<ShardSpec> Split(string path, long targetBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBytes, 1);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }

        var ranges = TableReader.IsParquet(path) && new FileInfo(path).Length > 0 ? SplitParquet(path, targetBytes) : SplitCsv(path, targetBytes);
        var unit = TableReader.IsParquet(path) ? ShardUnit.RowGroups : ShardUnit.Bytes;
        return [.. ranges.Select((r, i) => new ShardSpec(i, ranges.Count, unit, r.Start, r.End))];
    }

    private static List<(long Start, long End)> SplitCsv(string path, long targetBytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = file.Length;
        var start = CsvRecords.HeaderEnd(file);
        var ranges = new List<(long, long)>();
        if (length - start <= targetBytes)
        {
            ranges.Add((start, length));
            return ranges;
        }

        file.Position = start;
        var buffer = new byte[BufferBytes];
        var quoted = false;
        var offset = start;

        // A cut goes after the first line feed outside quotes at index cutFrom or later, so each shard holds at least targetBytes.
        var cutFrom = start + targetBytes - 1;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            var i = 0;
            while (i < read)
            {
                if (offset + i < cutFrom)
                {
                    // Before a cut is due only the quotes' parity matters.
                    var upTo = (int)Math.Min(read, cutFrom - offset);
                    quoted ^= (span[i..upTo].Count((byte)'"') & 1) == 1;
                    i = upTo;
                    continue;
                }

                var rest = span[i..];
                var k = quoted ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'"', (byte)'\n');
                if (k < 0)
                {
                    break;
                }

                i += k + 1;
                if (rest[k] == '"')
                {
                    quoted = !quoted;
                    continue;
                }

                var cut = offset + i;
                if (cut >= length)
                {
                    break;
                }

                ranges.Add((start, cut));
                start = cut;
                cutFrom = start + targetBytes - 1;
            }

            offset += read;
        }

        ranges.Add((start, length));
        return ranges;
    }

    private static List<(long Start, long End)> SplitParquet(string path, long targetBytes)
    {
        using var reader = OpenParquet(path);
        var groups = reader.FileMetaData.NumRowGroups;
        var ranges = new List<(long, long)>();
        var start = 0;
        long bytes = 0;
        for (var g = 0; g < groups; g++)
        {
            using var group = reader.RowGroup(g);
            var metadata = group.MetaData;
            for (var c = 0; c < metadata.NumColumns; c++)
            {
                bytes += metadata.GetColumnChunkMetaData(c).TotalCompressedSize;
            }

            if (bytes >= targetBytes && g + 1 < groups)
            {
                ranges.Add((start, g + 1));
                start = g + 1;
                bytes = 0;
            }
        }

        ranges.Add((start, groups));
        return ranges;
    }

    private static ParquetFileReader OpenParquet(string path)
    {
        try
        {
            return new ParquetFileReader(path);
        }
        catch (ParquetException e)
        {
            throw new InputException($"{Path.GetFileName(path)}: not a readable Parquet file ({InputException.LibraryMessage(e.Message)})", e);
        }
    }
}
