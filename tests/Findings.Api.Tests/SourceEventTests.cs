using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Assessment.V1;
using ModelRisk.Contracts.Findings.V1;
using ModelRisk.Findings.Features.FromSources;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.Findings.Tests.Infrastructure;
using ModelRisk.ServiceKit.Data;
using ModelRisk.TestSupport;

namespace ModelRisk.Findings.Tests;

/// <summary>Findings opened from the sources' events, each source key once however it is delivered.</summary>
public sealed class SourceEventTests(FindingsFactory factory) : IClassFixture<FindingsFactory>
{
    private static FindingRaised Raised(string key, string severity = "High") => new(key, "ValidationTest", People.Org, "model-7", "version-1", "review-1",
        "Calibration test failed", "ECE 0.09 above the 0.05 threshold.", severity, "The test's threshold for the tier.", "olivia.owner", "validation-worker",
        DateTimeOffset.UtcNow);

    private async Task DeliverAsync<T>(T message, Guid id) where T : class =>
        await factory.Harness.Bus.Publish(message, context => context.MessageId = id);

    /// <summary>Waits until the consumer finished with the delivery, which it must have done without an error.</summary>
    private async Task ConsumedCleanlyAsync<T>(Guid id) where T : class
    {
        await Wait.UntilAsync(() => factory.Consumed.Finished(id) > 0, $"{typeof(T).Name} {id} is consumed");
        Assert.Equal(0, factory.Consumed.Faulted(id));
    }

    [Fact]
    public async Task A_validation_failure_opens_one_finding_with_the_sources_facts_and_publishes_FindingOpened()
    {
        var key = $"validation-run/{Guid.NewGuid():N}/test/calibration";
        var id = Guid.NewGuid();

        await DeliverAsync(Raised(key), id);
        await ConsumedCleanlyAsync<FindingRaised>(id);

        var finding = await factory.QueryAsync(db => db.Findings.SingleAsync(f => f.SourceKey == key));
        Assert.Equal((FindingSource.ValidationTest, FindingSeverity.High, "olivia.owner", "validation-worker", FindingState.Open),
            (finding.Source, finding.Severity, finding.Owner, finding.CreatedBy, finding.State));
        Assert.True(await factory.QueryAsync(db => db.Set<ModelRisk.Messaging.Outbox.OutboxMessage>()
            .AnyAsync(m => m.MessageType == typeof(FindingOpened).FullName && m.Body.Contains(finding.Id))));
    }

    [Fact]
    public async Task The_same_source_key_delivered_twice_and_concurrently_under_new_message_ids_opens_one_finding()
    {
        var key = $"monitoring-alert/{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(ids.Select(id => DeliverAsync(Raised(key), id)));
        foreach (var id in ids)
        {
            await ConsumedCleanlyAsync<FindingRaised>(id);
        }
        var again = Guid.NewGuid();
        await DeliverAsync(Raised(key, severity: "Low"), again);
        await ConsumedCleanlyAsync<FindingRaised>(again);

        var findings = await factory.QueryAsync(db => db.Findings.Where(f => f.SourceKey == key).ToListAsync());
        Assert.Equal(FindingSeverity.High, Assert.Single(findings).Severity);
    }

    [Fact]
    public async Task The_unique_index_refuses_a_second_finding_with_a_taken_source_key_whatever_writes_it()
    {
        var key = $"audit/{Guid.NewGuid():N}";
        FindingOpening Opening() => new(People.Org, "m", null, null, FindingSource.Audit, key, "t", "d", FindingSeverity.Low, "r", "o", []);
        await factory.QueryAsync(async db =>
        {
            db.Findings.Add(Finding.Open(Opening(), SlaTerms.Default, "a", DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => factory.QueryAsync(async db =>
        {
            db.Findings.Add(Finding.Open(Opening(), SlaTerms.Default, "b", DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        }));
        Assert.True(DatabaseErrors.IsUniqueViolation(error));
    }

    [Fact]
    public async Task A_message_naming_an_unknown_severity_is_acknowledged_without_a_finding()
    {
        var key = $"validation-run/{Guid.NewGuid():N}/test/x";
        var id = Guid.NewGuid();

        await DeliverAsync(Raised(key, severity: "3"), id);
        await ConsumedCleanlyAsync<FindingRaised>(id);

        Assert.False(await factory.QueryAsync(db => db.Findings.AnyAsync(f => f.SourceKey == key)));
    }

    [Fact]
    public async Task A_condition_of_approval_becomes_a_finding_due_on_the_conditions_date_with_its_verification_steps()
    {
        var conditionId = Guid.NewGuid().ToString("N");
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(45);
        var id = Guid.NewGuid();

        await DeliverAsync(new ConditionOfApprovalSet(conditionId, "review-9", "model-9", People.Org, "Add a drift monitor on income.", "olivia.owner", due,
            ["Monitor deployed", "Alert route tested"], DateTimeOffset.UtcNow), id);
        await ConsumedCleanlyAsync<ConditionOfApprovalSet>(id);

        var finding = await factory.QueryAsync(db => db.Findings.SingleAsync(f => f.SourceKey == ConditionOfApprovalSetConsumer.SourceKeyOf(conditionId)));
        Assert.Equal((FindingSource.ConditionOfApproval, due, "review-9"), (finding.Source, finding.DueDate, finding.ReviewId));
        Assert.Equal(["Monitor deployed", "Alert route tested"], finding.VerificationSteps);
        Assert.True(finding.DueDateFromSource);
    }
}
