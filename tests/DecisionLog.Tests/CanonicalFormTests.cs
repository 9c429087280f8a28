using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelRisk.DecisionLog.Tests;

/// <summary>The hand-written canonical form is byte for byte what a JSON writer with the documented settings produces.</summary>
public sealed class CanonicalFormTests
{
    private static string Reference(string org, long seq, string kind, string subject, string actor, DateTimeOffset at, string payload, string prev)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("org", org);
            writer.WriteNumber("seq", seq);
            writer.WriteString("kind", kind);
            writer.WriteString("subject", subject);
            writer.WriteString("actor", actor);
            writer.WriteString("at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            writer.WritePropertyName("payload");
            writer.WriteRawValue(payload);
            writer.WriteString("prev", prev);
            writer.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("acme-lending", "avery.approver", """{"a":1}""")]
    [InlineData("org \"quoted\"", "back\\slash", """{"note":"ü <b> & 'x'"}""")]
    [InlineData("tab\there", "bell\u0007", """{"emoji":"🙂","line":"a\nb"}""")]
    [InlineData("münchen", "名前", """[]""")]
    [InlineData("", "", """null""")]
    public void Hashes_match_the_documented_encoding(string org, string actor, string payload)
    {
        using var hasher = new ChainHasher();
        var at = new DateTimeOffset(2026, 12, 1, 5, 6, 7, 891, TimeSpan.FromHours(2)).AddTicks(2345);

        var ours = hasher.Compute(org, 123456789012, "signature", "rv-1", actor, at, payload, ChainHasher.Genesis);

        Assert.Equal(Reference(org, 123456789012, "signature", "rv-1", actor, at, payload, ChainHasher.Genesis), ours);
    }

    [Fact]
    public void A_payload_larger_than_the_buffer_hashes_like_the_reference()
    {
        using var hasher = new ChainHasher();
        var payload = JsonSerializer.Serialize(new { text = new string('x', 100_000) });

        Assert.Equal(Reference("o", 1, "k", "s", "a", DateTimeOffset.UnixEpoch, payload, ChainHasher.Genesis),
            hasher.Compute("o", 1, "k", "s", "a", DateTimeOffset.UnixEpoch, payload, ChainHasher.Genesis));
    }
}
