using System.Text.Json;
using ModelRisk.Inventory.Features.Models;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// JSON lines: one model per line, blank lines skipped. A line is held up to <see cref="ImportOptions.MaxRowBytes"/>;
/// its strings and arrays are measured with a forward-only reader before anything is deserialized.
/// </summary>
internal sealed class JsonLinesImportReader(ImportOptions limits, JsonSerializerOptions json) : ImportFileReader(limits)
{
    private readonly BoundedByteBuffer _line = new(limits.MaxRowBytes);
    private readonly List<(int Depth, int Items)> _arrays = [];
    private int _lineNumber = 1;

    protected override string NoRowsMessage => "The file has no rows.";

    protected override void Read(ReadOnlySpan<byte> bytes)
    {
        while (Refusal is null && bytes.Length > 0)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (!_line.TryAppend(newline < 0 ? bytes : bytes[..newline]))
            {
                Refusal = ImportRefusal.TooLarge(_lineNumber, "body", $"A line is at most {Limits.MaxRowBytes} bytes.");
                return;
            }
            if (newline < 0)
            {
                return;
            }
            ReadLine();
            bytes = bytes[(newline + 1)..];
        }
    }

    protected override void EndOfFile()
    {
        if (_line.Length > 0)
        {
            ReadLine();
        }
    }

    private void ReadLine()
    {
        var number = _lineNumber++;
        var line = _line.Span.TrimEnd((byte)'\r');
        if (line.IndexOfAnyExcept(" \t\r"u8) >= 0)
        {
            Refusal = CheckLimits(line, number);
            if (Refusal is null)
            {
                Add(Deserialize(line, number));
            }
        }
        _line.Clear();
    }

    private ImportRow Deserialize(ReadOnlySpan<byte> line, int number)
    {
        try
        {
            var request = JsonSerializer.Deserialize<RegisterModelRequest>(line, json);
            return request is null
                ? new ImportRow(number, null, new() { ["body"] = ["A row is a JSON object."] })
                : new ImportRow(number, request, []);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
            return new ImportRow(number, null, new() { [field] = ["The value is missing, malformed or of the wrong type."] });
        }
    }

    /// <summary>A string longer than a cell may be or an array with more items than a list may have refuses the file.</summary>
    private ImportRefusal? CheckLimits(ReadOnlySpan<byte> line, int number)
    {
        var reader = new Utf8JsonReader(line);
        var field = "body";
        _arrays.Clear();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueSpan.Length > Limits.MaxCellBytes)
                {
                    return ImportRefusal.TooLarge(number, field, $"A value is at most {Limits.MaxCellBytes} bytes.");
                }
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.CurrentDepth == 1)
                    {
                        field = reader.GetString()!;
                    }
                    continue;
                }
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _arrays.RemoveAt(_arrays.Count - 1);
                    continue;
                }
                if (_arrays.Count > 0 && reader.TokenType != JsonTokenType.EndObject && _arrays[^1].Depth + 1 == reader.CurrentDepth)
                {
                    var (depth, items) = _arrays[^1];
                    if (items == Limits.MaxListItems)
                    {
                        return ImportRefusal.Invalid(number, field, $"A list holds at most {Limits.MaxListItems} items.");
                    }
                    _arrays[^1] = (depth, items + 1);
                }
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _arrays.Add((reader.CurrentDepth, 0));
                }
            }
        }
        catch (JsonException)
        {
            // Not valid JSON: deserializing it rejects the row and names the field.
        }
        return null;
    }

    public override void Dispose() => _line.Dispose();
}
