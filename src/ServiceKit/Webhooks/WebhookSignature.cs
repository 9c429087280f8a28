using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>
/// How a receiver knows a delivery came from this platform and was not replayed (ADR 082): the
/// <c>X-MRP-Signature</c> header is <c>sha256=</c> and the hex HMAC-SHA256, under the shared secret, of the
/// <c>X-MRP-Timestamp</c> header (Unix seconds), a dot and the raw body. A receiver recomputes it, compares in
/// constant time, and refuses a timestamp far from its clock.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-MRP-Timestamp";
    public const string SignatureHeader = "X-MRP-Signature";
    public const string EventHeader = "X-MRP-Event";
    public const string DeliveryHeader = "X-MRP-Delivery";
    public const string Scheme = "sha256=";

    public static string Sign(string secret, long timestamp, string body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>What a receiver checks: the signature matches and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? timestamp, string body, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null)
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
