namespace ModelRisk.Assessment.Features.Renewals;

public sealed class RenewalOptions
{
    public const string SectionName = "Renewals";

    /// <summary>How far ahead of a renewal date the revalidation review opens.</summary>
    public int LeadDays { get; set; } = 30;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
