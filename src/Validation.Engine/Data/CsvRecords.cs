namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// Where CSV records begin, found the way Sep splits them: a quote toggles quoting wherever it stands (so an
/// escaped "" toggles twice), and only a line break outside quotes ends a record.
/// </summary>
internal static class CsvRecords
{
    /// <summary>
    /// The byte just after the header record: blank lines before it are skipped (as the reader does), and the
    /// record ends at the first line break outside quotes (CR, LF or CRLF). The file's length if it has none.
    /// </summary>
    public static long HeaderEnd(Stream stream)
    {
        stream.Position = 0;
        var buffer = new byte[1 << 16];
        long offset = 0;
        var leading = true;
        var quoted = false;
        var afterCarriageReturn = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            var i = 0;
            if (afterCarriageReturn)
            {
                return offset + (span[0] == '\n' ? 1 : 0);
            }

            if (leading)
            {
                i = span.IndexOfAnyExcept((byte)'\r', (byte)'\n');
                if (i < 0)
                {
                    offset += read;
                    continue;
                }

                leading = false;
            }

            while (i < read)
            {
                var rest = span[i..];
                var k = quoted ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'"', (byte)'\n', (byte)'\r');
                if (k < 0)
                {
                    break;
                }

                i += k + 1;
                if (rest[k] == '"')
                {
                    quoted = !quoted;
                }
                else if (rest[k] == '\n')
                {
                    return offset + i;
                }
                else if (i < read)
                {
                    return offset + i + (span[i] == '\n' ? 1 : 0);
                }
                else
                {
                    afterCarriageReturn = true;
                }
            }

            offset += read;
        }

        return offset;
    }
}
