using System.Text;

namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>
/// Splits an RFC 4180 stream (comma separated, optional quotes with doubled inner quotes, LF or CRLF line ends) into
/// records one at a time, the inverse of <see cref="PredictionLogFormat"/>'s writer. A record's cells are unescaped into
/// one reused buffer and read as spans, so reading a row allocates nothing. Strict where the writer is: a quote inside an
/// unquoted cell, text after a closing quote, or an unterminated quote is refused.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly TextReader reader;
    private readonly string objectKey;
    private readonly char[] input = new char[1 << 16];
    private int position;
    private int length;
    private bool ended;
    private char[] cells = new char[256];
    private int[] starts = new int[16];
    private int[] ends = new int[16];

    public CsvRecordReader(Stream stream, string objectKey)
    {
        reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        this.objectKey = objectKey;
    }

    /// <summary>Cells in the current record.</summary>
    public int Count { get; private set; }

    /// <summary>Records read so far, the header included: the current record's 1-based number.</summary>
    public long Record { get; private set; }

    public ReadOnlySpan<char> this[int cell] => cells.AsSpan(starts[cell], ends[cell] - starts[cell]);

    /// <summary>The next record; false at the end of the stream.</summary>
    public bool MoveNext()
    {
        try
        {
            return ReadRecord();
        }
        catch (DecoderFallbackException)
        {
            throw Fail("is not UTF-8 text");
        }
    }

    public PredictionLogException Fail(string reason) =>
        new(Record == 0 ? $"{objectKey}: {reason}" : $"{objectKey}: record {Record}: {reason}");

    private bool ReadRecord()
    {
        if (!Fill())
        {
            return false;
        }

        Record++;
        Count = 0;
        var used = 0;
        while (true)
        {
            if (Count == starts.Length)
            {
                Array.Resize(ref starts, Count * 2);
                Array.Resize(ref ends, Count * 2);
            }

            starts[Count] = used;
            if (Fill() && input[position] == '"')
            {
                position++;
                while (true)
                {
                    if (!Fill())
                    {
                        throw Fail("a quoted cell is not closed before the end of the object");
                    }

                    var span = input.AsSpan(position, length - position);
                    var quote = span.IndexOf('"');
                    var take = quote < 0 ? span.Length : quote;
                    Append(ref used, span[..take]);
                    position += take;
                    if (quote < 0)
                    {
                        continue;
                    }

                    position++;
                    if (Fill() && input[position] == '"')
                    {
                        Append(ref used, "\"");
                        position++;
                        continue;
                    }

                    break;
                }

                ends[Count++] = used;
                if (!Fill())
                {
                    return true;
                }

                var next = input[position];
                if (next == ',')
                {
                    position++;
                    continue;
                }

                if (EndOfLine())
                {
                    return true;
                }

                throw Fail($"cell {Count} has text after its closing quote");
            }

            while (true)
            {
                if (!Fill())
                {
                    ends[Count++] = used;
                    return true;
                }

                var span = input.AsSpan(position, length - position);
                var stop = span.IndexOfAny(",\"\r\n");
                var take = stop < 0 ? span.Length : stop;
                Append(ref used, span[..take]);
                position += take;
                if (stop < 0)
                {
                    continue;
                }

                var c = span[stop];
                if (c == '"')
                {
                    throw Fail($"cell {Count + 1} has a quote inside an unquoted value");
                }

                ends[Count++] = used;
                if (c == ',')
                {
                    position++;
                    break;
                }

                EndOfLine();
                return true;
            }
        }
    }

    // At a CR or LF: consumes the line end (CRLF as one) and says so; false when the next character is neither.
    private bool EndOfLine()
    {
        var c = input[position];
        if (c == '\n')
        {
            position++;
            return true;
        }

        if (c != '\r')
        {
            return false;
        }

        position++;
        if (Fill() && input[position] == '\n')
        {
            position++;
        }

        return true;
    }

    private void Append(ref int used, ReadOnlySpan<char> text)
    {
        if (used + text.Length > cells.Length)
        {
            Array.Resize(ref cells, Math.Max(cells.Length * 2, used + text.Length));
        }

        text.CopyTo(cells.AsSpan(used));
        used += text.Length;
    }

    // True when at least one character is buffered at the position.
    private bool Fill()
    {
        if (position < length)
        {
            return true;
        }

        if (ended)
        {
            return false;
        }

        length = reader.Read(input, 0, input.Length);
        position = 0;
        ended = length == 0;
        return !ended;
    }

    public void Dispose() => reader.Dispose();
}
