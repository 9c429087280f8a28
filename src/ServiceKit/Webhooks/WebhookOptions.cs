namespace ModelRisk.ServiceKit.Webhooks;

public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The HMAC-SHA256 key every delivery is signed with: a secret of each environment, at least 32 characters.</summary>
    public string SigningSecret { get; set; } = "";

    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; it doubles after each further one, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsValid() => SigningSecret.Length >= 32 && MaxAttempts > 0 && BaseDelay > TimeSpan.Zero && MaxDelay >= BaseDelay
        && Timeout > TimeSpan.Zero && Interval > TimeSpan.Zero;

    public TimeSpan BackoffAfter(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }
}
