using System.Security.Cryptography;
using System.Text;

namespace ModelRisk.Datasets.Storage;

/// <summary>
/// Watches a dataset go by in chunks and keeps only what it needs to judge it: the running SHA-256, the length, the
/// first and last four bytes (Parquet's magic), and for CSV a UTF-8 decoder's state and the first line. So a store
/// recognises the format and digests the content in the same pass that writes it, in memory bounded by
/// <see cref="MaxHeaderBytes"/> whatever the size.
/// </summary>
internal sealed class DatasetInspector : IDisposable
{
    public const int MaxHeaderBytes = 1024 * 1024;
    public const int MaxColumns = 10_000;

    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[4];
    private readonly byte[] _tail = new byte[4];
    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _chars = new char[16 * 1024];
    private readonly MemoryStream _header = new();
    private int _headCount;
    private bool _headerComplete;
    private bool _inQuotes;
    private string? _textProblem;

    public long Length { get; private set; }

    /// <summary>A reason to stop now: the content is already neither CSV text nor (by its first bytes) Parquet.</summary>
    public string? EarlyRejection => _textProblem is not null && _headCount == 4 && !StartsWithMagic ? _textProblem : null;

    private bool StartsWithMagic => _headCount == 4 && _head.AsSpan().SequenceEqual(ParquetMagic);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        _hash.AppendData(data);
        for (var i = 0; _headCount < 4 && i < data.Length; i++)
        {
            _head[_headCount++] = data[i];
        }
        KeepTail(data);
        Length += data.Length;
        if (_textProblem is null)
        {
            InspectText(data);
        }
    }

    /// <summary>The verdict once the content has ended, with the digest of everything appended.</summary>
    public (StoredDataset? Stored, string? Rejection) Complete(string key)
    {
        var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (Length == 0)
        {
            return (null, "The content is empty: send CSV text with a header line, or a Parquet file.");
        }
        if (StartsWithMagic && Length >= 12 && _tail.AsSpan().SequenceEqual(ParquetMagic))
        {
            return (new StoredDataset(key, Length, sha256, DatasetFormat.Parquet, []), null);
        }
        if (_textProblem is null)
        {
            FlushDecoder();
        }
        var columns = _textProblem is null ? ParseHeader() : null;
        if (columns is not null)
        {
            return (new StoredDataset(key, Length, sha256, DatasetFormat.Csv, columns), null);
        }
        return (null, StartsWithMagic
            ? "It starts with the Parquet magic PAR1 but does not end with it: a truncated or damaged Parquet file."
            : _textProblem);
    }

    public void Dispose()
    {
        _hash.Dispose();
        _header.Dispose();
    }

    private void KeepTail(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 4)
        {
            data[^4..].CopyTo(_tail);
            return;
        }
        // Shift the previous tail left and append the few new bytes.
        var keep = 4 - data.Length;
        _tail.AsSpan(data.Length, keep).CopyTo(_tail);
        data.CopyTo(_tail.AsSpan(keep));
    }

    private void InspectText(ReadOnlySpan<byte> data)
    {
        if (data.Contains((byte)0))
        {
            _textProblem = "Neither Parquet nor CSV: it holds NUL bytes, so it is binary, not text.";
            return;
        }
        try
        {
            var rest = data;
            while (!rest.IsEmpty)
            {
                _utf8.Convert(rest, _chars, flush: false, out var used, out _, out _);
                rest = rest[used..];
            }
        }
        catch (DecoderFallbackException)
        {
            _textProblem = $"Neither Parquet nor CSV: it is not UTF-8 text (an invalid byte sequence within bytes {Length - data.Length}-{Length}).";
            return;
        }
        if (!_headerComplete)
        {
            CollectHeader(data);
        }
    }

    private void FlushDecoder()
    {
        try
        {
            _utf8.Convert(ReadOnlySpan<byte>.Empty, _chars, flush: true, out _, out _, out _);
        }
        catch (DecoderFallbackException)
        {
            _textProblem = "Neither Parquet nor CSV: it is not UTF-8 text (it ends inside a character).";
        }
    }

    private void CollectHeader(ReadOnlySpan<byte> data)
    {
        var end = -1;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'"')
            {
                _inQuotes = !_inQuotes;
            }
            else if (data[i] == (byte)'\n' && !_inQuotes)
            {
                end = i;
                break;
            }
        }
        var part = end < 0 ? data : data[..end];
        if (_header.Length + part.Length > MaxHeaderBytes)
        {
            _textProblem = $"Not a CSV dataset: its first line is longer than {MaxHeaderBytes / 1024} KiB, so it is not a header of column names.";
            return;
        }
        _header.Write(part);
        _headerComplete = end >= 0;
    }

    /// <summary>The header's column names (RFC 4180 quoting), or null with <see cref="_textProblem"/> saying why not.</summary>
    private List<string>? ParseHeader()
    {
        var bytes = _header.GetBuffer().AsSpan(0, (int)_header.Length);
        if (bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }
        var line = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
        if (line.Trim().Length == 0)
        {
            _textProblem = "Not a CSV dataset: its first line is empty; a CSV dataset starts with a header of column names.";
            return null;
        }
        var columns = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                columns.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (quoted)
        {
            _textProblem = "Not a CSV dataset: a quote in its header line is never closed.";
            return null;
        }
        columns.Add(field.ToString());
        return CheckColumns(columns) ? columns : null;
    }

    private bool CheckColumns(List<string> columns)
    {
        if (columns.Count > MaxColumns)
        {
            _textProblem = $"Not a CSV dataset: its header names {columns.Count} columns, more than {MaxColumns}.";
            return false;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i].Trim();
            if (name.Length == 0)
            {
                _textProblem = $"Not a CSV dataset: column {i + 1} of its header line has no name; the first line must name every column.";
                return false;
            }
            if (name.Any(char.IsControl))
            {
                _textProblem = $"Not a CSV dataset: column {i + 1} of its header line holds control characters.";
                return false;
            }
            if (!seen.Add(name))
            {
                _textProblem = $"Not a CSV dataset: the column name '{name}' appears twice in its header line.";
                return false;
            }
            columns[i] = name;
        }
        return true;
    }
}
