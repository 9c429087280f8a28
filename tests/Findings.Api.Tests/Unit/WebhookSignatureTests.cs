using System.Security.Cryptography;
using System.Text;
using ModelRisk.Findings.Features.Webhooks;
using ModelRisk.ServiceKit.Webhooks;

namespace ModelRisk.Findings.Tests.Unit;

public sealed class WebhookSignatureTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters";
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_signature_is_the_hmac_sha256_of_timestamp_dot_body_as_any_receiver_computes_it()
    {
        const string body = """{"event":"finding.escalated"}""";
        var ts = Now.ToUnixTimeSeconds();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{ts}.{body}")));

        Assert.Equal(expected, WebhookSignature.Sign(Secret, ts, body));
        Assert.True(WebhookSignature.Verify(Secret, ts.ToString(), body, expected, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_changed_body_timestamp_or_secret_or_a_stale_timestamp_fails_verification()
    {
        const string body = """{"level":1}""";
        var ts = Now.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(Secret, ts, body);
        var tolerance = TimeSpan.FromMinutes(5);

        Assert.False(WebhookSignature.Verify(Secret, ts.ToString(), """{"level":2}""", signature, Now, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, (ts + 1).ToString(), body, signature, Now, tolerance));
        Assert.False(WebhookSignature.Verify(Secret + "x", ts.ToString(), body, signature, Now, tolerance));
        Assert.False(WebhookSignature.Verify(Secret, ts.ToString(), body, signature, Now.AddMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify(Secret, "-1", body, signature, Now, tolerance));
    }

    [Fact]
    public void Backoff_doubles_from_the_base_delay_up_to_the_maximum()
    {
        var options = new WebhookOptions { BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(3) };

        Assert.Equal([30, 60, 120, 180, 180], Enumerable.Range(1, 5).Select(n => options.BackoffAfter(n).TotalSeconds));
    }
}
