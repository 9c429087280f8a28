using System.Buffers;
using System.IO.Pipelines;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// Reads an import body as it arrives, row by row, and stops at the first row that breaks a limit of
/// <see cref="ImportOptions"/>: nothing is buffered beyond the row being read, so a hostile body costs no more
/// memory than a legitimate one. Subclasses parse one format.
/// </summary>
internal abstract class ImportFileReader(ImportOptions limits) : IDisposable
{
    private readonly List<ImportRow> _rows = [];

    protected ImportOptions Limits { get; } = limits;

    /// <summary>Set by a subclass when the file is refused; reading stops there.</summary>
    protected ImportRefusal? Refusal { get; set; }

    /// <summary>What the file is told when it has no data rows.</summary>
    protected abstract string NoRowsMessage { get; }

    public async Task<ImportFile> ReadAsync(PipeReader body, CancellationToken ct)
    {
        long read = 0;
        var atStart = true;
        while (true)
        {
            var result = await body.ReadAsync(ct);
            var buffer = result.Buffer;
            if (atStart)
            {
                // A spreadsheet may save a byte order mark; wait for enough bytes to tell.
                if (buffer.Length < 3 && !result.IsCompleted)
                {
                    body.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }
                atStart = false;
                if (StartsWithByteOrderMark(buffer))
                {
                    buffer = buffer.Slice(3);
                }
            }
            read += buffer.Length;
            if (read > ImportOptions.MaxBodyBytes)
            {
                Refusal = ImportRefusal.TooLarge(null, "body", $"An import is at most {ImportOptions.MaxBodyBytes} bytes.");
            }
            foreach (var segment in buffer)
            {
                if (Refusal is not null)
                {
                    break;
                }
                Read(segment.Span);
            }
            body.AdvanceTo(buffer.End);
            if (Refusal is not null || result.IsCompleted)
            {
                break;
            }
        }
        if (Refusal is null)
        {
            EndOfFile();
        }
        if (Refusal is null && _rows.Count == 0)
        {
            Refusal = ImportRefusal.Invalid(null, "body", NoRowsMessage);
        }
        return new ImportFile(_rows, Refusal);
    }

    /// <summary>Parses the next bytes of the body, adding each row it completes.</summary>
    protected abstract void Read(ReadOnlySpan<byte> bytes);

    /// <summary>Completes the last row of a body that does not end with a line break.</summary>
    protected abstract void EndOfFile();

    protected void Add(ImportRow row)
    {
        if (_rows.Count == Limits.MaxRows)
        {
            Refusal = ImportRefusal.Invalid(row.Line, "body", $"At most {Limits.MaxRows} rows per import.");
            return;
        }
        _rows.Add(row);
    }

    public abstract void Dispose();

    private static bool StartsWithByteOrderMark(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3)
        {
            return false;
        }
        Span<byte> start = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(start);
        return start.SequenceEqual("\uFEFF"u8);
    }
}
