using System.Text;
using System.Text.Json;

namespace ModelRisk.DecisionLog;

/// <summary>
/// The export format, JSON lines: one object per entry
/// (<c>{"type":"entry","org","seq","kind","subject","actor","at","payload","prev","hash"}</c>) in sequence order,
/// and one per checkpoint (<c>{"type":"checkpoint","org","seq","head","at","kid","sig"}</c>).
/// Everything a verifier needs besides the public key; nothing it must trust.
/// </summary>
public static class LogExport
{
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<LogEntry> entries, IEnumerable<Checkpoint> checkpoints, CancellationToken ct)
    {
        var options = CanonicalJson.WriterOptions;
        await using var writer = new Utf8JsonWriter(output, options);
        var newline = "\n"u8.ToArray();
        foreach (var checkpoint in checkpoints)
        {
            WriteCheckpoint(writer, checkpoint);
            await writer.FlushAsync(ct);
            await output.WriteAsync(newline, ct);
            writer.Reset();
        }
        await foreach (var entry in entries.WithCancellation(ct))
        {
            WriteEntry(writer, entry);
            await writer.FlushAsync(ct);
            await output.WriteAsync(newline, ct);
            writer.Reset();
        }
    }

    private static void WriteEntry(Utf8JsonWriter writer, LogEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "entry");
        writer.WriteString("org", entry.Org);
        writer.WriteNumber("seq", entry.Sequence);
        writer.WriteString("kind", entry.Kind);
        writer.WriteString("subject", entry.Subject);
        writer.WriteString("actor", entry.Actor);
        writer.WriteString("at", ChainHasher.FormatTime(entry.OccurredAt));
        writer.WritePropertyName("payload");
        writer.WriteRawValue(entry.Payload, skipInputValidation: false);
        writer.WriteString("prev", entry.PreviousHash);
        writer.WriteString("hash", entry.Hash);
        writer.WriteEndObject();
    }

    private static void WriteCheckpoint(Utf8JsonWriter writer, Checkpoint checkpoint)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "checkpoint");
        writer.WriteString("org", checkpoint.Org);
        writer.WriteNumber("seq", checkpoint.Sequence);
        writer.WriteString("head", checkpoint.HeadHash);
        writer.WriteString("at", ChainHasher.FormatTime(checkpoint.SignedAt));
        writer.WriteString("kid", checkpoint.KeyId);
        writer.WriteString("sig", checkpoint.Signature);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads an export. A line that is not a well-formed entry or checkpoint stops the read with a
    /// <see cref="FormatException"/> naming the line: an export is evidence, so nothing in it is skipped.
    /// </summary>
    public static LogExportContents Read(TextReader reader)
    {
        var entries = new List<LogEntry>();
        var checkpoints = new List<Checkpoint>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                switch (Text(root, "type"))
                {
                    case "entry":
                        entries.Add(new LogEntry(Text(root, "org"), Number(root, "seq"), Text(root, "kind"), Text(root, "subject"), Text(root, "actor"),
                            Time(root, "at"), CanonicalJson.Normalize(Member(root, "payload")), Text(root, "prev"), Text(root, "hash")));
                        break;
                    case "checkpoint":
                        checkpoints.Add(new Checkpoint(Text(root, "org"), Number(root, "seq"), Text(root, "head"), Time(root, "at"), Text(root, "kid"), Text(root, "sig")));
                        break;
                    default:
                        throw new FormatException("'type' must be \"entry\" or \"checkpoint\".");
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException($"Line {number}: {Describe(e)}", e);
            }
        }
        return new LogExportContents(entries, checkpoints);
    }

    private static string Describe(Exception e) => e is JsonException ? "not a JSON object." : e.Message;

    private static JsonElement Member(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? value : throw new FormatException($"'{name}' is missing.");

    private static string Text(JsonElement root, string name) =>
        Member(root, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new FormatException($"'{name}' must be a string.");

    private static long Number(JsonElement root, string name) =>
        Member(root, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) && number > 0
            ? number : throw new FormatException($"'{name}' must be a positive whole number.");

    private static DateTimeOffset Time(JsonElement root, string name) =>
        DateTimeOffset.TryParse(Text(root, name), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time : throw new FormatException($"'{name}' must be an ISO 8601 time.");
}
