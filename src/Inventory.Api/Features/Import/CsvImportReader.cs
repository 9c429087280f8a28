using System.Text;
using ModelRisk.ServiceKit.Csv;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// CSV (RFC 4180: comma-separated, cells quoted with " and "" inside, quoted line breaks, CRLF or LF) read byte by
/// byte as the body arrives. Only the cell being read is held in full, up to <see cref="ImportOptions.MaxCellBytes"/>;
/// a record, its cell count and the items of a list cell are counted as they go, so a hostile row is refused
/// before it is finished. Blank lines are skipped; line numbers count physical lines (the header is line 1).
/// </summary>
internal sealed class CsvImportReader(ImportOptions limits) : ImportFileReader(limits)
{
    private enum State
    {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    private readonly BoundedByteBuffer _cell = new(limits.MaxCellBytes);
    private readonly List<string> _cells = [];
    private string[]? _header;
    private bool[] _isList = [];
    private State _state;
    private bool _inRecord;
    private byte _previous;
    private int _line = 1;
    private int _recordLine;
    private int _recordBytes;
    private int _listSeparators;
    private bool _listEscape;

    protected override string NoRowsMessage => "The file has a header but no rows.";

    private string Column => _header is null ? "header" : _header[Math.Min(_cells.Count, _header.Length - 1)];

    protected override void Read(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            var previous = _previous;
            _previous = b;
            var lineOfByte = _line;
            if (b == '\r' || (b == '\n' && previous != '\r'))
            {
                _line++;
            }
            if (!_inRecord)
            {
                if (b is (byte)'\r' or (byte)'\n')
                {
                    continue;
                }
                _inRecord = true;
                _recordLine = lineOfByte;
                _recordBytes = 0;
            }
            if (++_recordBytes > Limits.MaxRowBytes)
            {
                Refusal = ImportRefusal.TooLarge(_recordLine, Column, $"A row is at most {Limits.MaxRowBytes} bytes.");
                return;
            }
            Step(b);
            if (Refusal is not null)
            {
                return;
            }
        }
    }

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.CellStart when b == '"':
                _state = State.Quoted;
                break;
            case State.Quoted when b == '"':
                _state = State.QuoteInQuoted;
                break;
            case State.Quoted:
                Append(b);
                break;
            case State.QuoteInQuoted when b == '"':
                Append(b);
                _state = State.Quoted;
                break;
            default:
                // Unquoted, or text after a closing quote, which is kept as it stands.
                _state = State.Unquoted;
                if (b == ',')
                {
                    EndCell();
                    if (_cells.Count == (_header?.Length ?? ModelCsv.Columns.Length))
                    {
                        Refusal = _header is null
                            ? ImportRefusal.Invalid(_recordLine, "header", $"More columns than there are: {string.Join(",", ModelCsv.Columns)}.")
                            : ImportRefusal.Invalid(_recordLine, "body", $"More cells than the header's {_header.Length}.");
                    }
                }
                else if (b is (byte)'\r' or (byte)'\n')
                {
                    EndRecord();
                }
                else
                {
                    Append(b);
                }
                break;
        }
    }

    private void Append(byte b)
    {
        if (!_cell.TryAppend(b))
        {
            Refusal = ImportRefusal.TooLarge(_recordLine, Column, $"A cell is at most {Limits.MaxCellBytes} bytes.");
            return;
        }
        if (_header is null || !_isList[_cells.Count])
        {
            return;
        }
        // Counts items as the list is written (CsvCellEncoding.SplitList): '\' escapes the byte after it.
        if (_listEscape)
        {
            _listEscape = false;
        }
        else if (b == '\\')
        {
            _listEscape = true;
        }
        else if (b == CsvCellEncoding.ListSeparator && ++_listSeparators == Limits.MaxListItems)
        {
            Refusal = ImportRefusal.Invalid(_recordLine, Column, $"A list holds at most {Limits.MaxListItems} items.");
        }
    }

    private void EndCell()
    {
        _cells.Add(Encoding.UTF8.GetString(_cell.Span));
        _cell.Clear();
        _state = State.CellStart;
        _listSeparators = 0;
        _listEscape = false;
    }

    private void EndRecord()
    {
        EndCell();
        _inRecord = false;
        if (_header is null)
        {
            ReadHeader();
        }
        else if (_cells.Count != _header.Length)
        {
            Refusal = ImportRefusal.Invalid(_recordLine, "body", $"The row has {_cells.Count} cells; the header has {_header.Length}.");
        }
        else
        {
            var (request, errors) = ModelCsv.ReadRow(_header, _cells);
            Add(new ImportRow(_recordLine, request, errors));
        }
        _cells.Clear();
    }

    protected override void EndOfFile()
    {
        if (_state == State.Quoted)
        {
            Refusal = ImportRefusal.Invalid(_recordLine, Column, "A quoted cell is not closed.");
        }
        else if (_inRecord)
        {
            EndRecord();
        }
        else if (_header is null)
        {
            ReadHeader();
        }
    }

    private void ReadHeader()
    {
        var present = _cells.Select(c => c.Trim()).ToArray();
        var missing = ModelCsv.Required.Where(c => !present.Contains(c)).ToList();
        var unknown = present.Where(c => !ModelCsv.Columns.Contains(c)).ToList();
        var repeated = present.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count > 0 || unknown.Count > 0 || repeated.Count > 0)
        {
            Refusal = ImportRefusal.Invalid(null, "header",
                $"Missing columns: [{string.Join(", ", missing)}]; unknown columns: [{string.Join(", ", unknown)}]; repeated columns: [{string.Join(", ", repeated)}]. Columns: {string.Join(",", ModelCsv.Columns)}.");
            return;
        }
        _header = present;
        _isList = present.Select(ModelCsv.IsList).ToArray();
    }

    public override void Dispose() => _cell.Dispose();
}
