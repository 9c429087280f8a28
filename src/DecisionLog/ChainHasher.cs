using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelRisk.DecisionLog;

/// <summary>
/// Computes entry hashes: SHA-256 over the entry's canonical form
/// <c>{"v":1,"org":…,"seq":…,"kind":…,"subject":…,"actor":…,"at":…,"payload":…,"prev":…}</c>
/// (members in that order, <c>at</c> as UTC with seven fractional digits, <c>payload</c> its canonical JSON).
/// One instance reuses its buffers, so verifying a long chain allocates nothing per entry; not thread-safe.
/// </summary>
public sealed class ChainHasher : IDisposable
{
    /// <summary>The previous hash of an org's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private const int FormatVersion = 1;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer;

    public ChainHasher()
    {
        _writer = new Utf8JsonWriter(_buffer, CanonicalJson.WriterOptions with { SkipValidation = true });
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The hash an entry with these facts must carry, as 64 lower-case hex digits.</summary>
    public string Compute(string org, long sequence, string kind, string subject, string actor, DateTimeOffset occurredAt, string payload, string previousHash)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(org, sequence, kind, subject, actor, occurredAt, payload, previousHash, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The entry that follows <paramref name="head"/> (null: the org's first entry) with these facts.</summary>
    public LogEntry Next(LogEntry? head, string org, string kind, string subject, string actor, DateTimeOffset occurredAt, string canonicalPayload)
    {
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Hash ?? Genesis;
        return new LogEntry(org, sequence, kind, subject, actor, occurredAt, canonicalPayload, previous,
            Compute(org, sequence, kind, subject, actor, occurredAt, canonicalPayload, previous));
    }

    /// <summary>Whether the entry's stored hash is the hash of its facts.</summary>
    public bool Matches(LogEntry entry)
    {
        Span<byte> computed = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(entry.Org, entry.Sequence, entry.Kind, entry.Subject, entry.Actor, entry.OccurredAt, entry.Payload, entry.PreviousHash, computed);
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        return entry.Hash.Length == 2 * SHA256.HashSizeInBytes
            && Convert.FromHexString(entry.Hash, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == stored.Length
            && computed.SequenceEqual(stored);
    }

    private void Compute(string org, long sequence, string kind, string subject, string actor, DateTimeOffset occurredAt, string payload, string previousHash, Span<byte> hash)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _writer.WriteStartObject();
        _writer.WriteNumber("v"u8, FormatVersion);
        _writer.WriteString("org"u8, org);
        _writer.WriteNumber("seq"u8, sequence);
        _writer.WriteString("kind"u8, kind);
        _writer.WriteString("subject"u8, subject);
        _writer.WriteString("actor"u8, actor);
        Span<char> time = stackalloc char[28];
        FormatTime(occurredAt, time);
        _writer.WriteString("at"u8, time);
        _writer.WritePropertyName("payload"u8);
        _writer.WriteRawValue(payload, skipInputValidation: true);
        _writer.WriteString("prev"u8, previousHash);
        _writer.WriteEndObject();
        _writer.Flush();
        SHA256.HashData(_buffer.WrittenSpan, hash);
    }

    /// <summary>UTC, <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>: 28 characters, the same whatever offset the value was read with.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        Span<char> text = stackalloc char[28];
        FormatTime(time, text);
        return new string(text);
    }

    private static void FormatTime(DateTimeOffset time, Span<char> destination) =>
        time.UtcDateTime.TryFormat(destination, out _, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
