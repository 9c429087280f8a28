using System.Security.Cryptography;

namespace ModelRisk.DecisionLog.Tests;

public sealed class ChainVerifierTests : IDisposable
{
    private const string Org = "acme-lending";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ChainHasher _hasher = new();

    public void Dispose()
    {
        _key.Dispose();
        _hasher.Dispose();
    }

    private CheckpointKeys Keys => new CheckpointKeys().AddPem(CheckpointKeys.PublicKeyPem(_key));

    private List<LogEntry> Chain(int count, string org = Org)
    {
        var entries = new List<LogEntry>();
        for (var i = 0; i < count; i++)
        {
            var payload = CanonicalJson.From(new { reviewId = $"rv-{i}", outcome = i % 2 == 0 ? "Approve" : "Hold", note = "ü \"quoted\" <b>" });
            entries.Add(_hasher.Next(entries.LastOrDefault(), org, LogEntryKinds.Decision, $"rv-{i}", "avery.approver", Start.AddMinutes(i), payload));
        }
        return entries;
    }

    private Checkpoint Sign(LogEntry head) => new CheckpointSigner(_key).Sign(head.Org, head.Sequence, head.Hash, head.OccurredAt.AddSeconds(30));

    private ChainVerification Verify(IEnumerable<LogEntry> entries, params Checkpoint[] checkpoints) =>
        ChainVerifier.Verify(Org, entries, checkpoints, Keys);

    [Fact]
    public void An_untouched_chain_verifies_with_its_checkpoints()
    {
        var chain = Chain(50);

        var result = Verify(chain, Sign(chain[19]), Sign(chain[49]));

        Assert.True(result.IsValid, result.Break?.Reason);
        Assert.Equal(50, result.Entries);
        Assert.Equal(2, result.CheckpointsVerified);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
    }

    [Fact]
    public void An_empty_log_verifies()
    {
        var result = Verify([]);

        Assert.True(result.IsValid);
        Assert.Equal(ChainHasher.Genesis, result.HeadHash);
    }

    [Fact]
    public void An_altered_entry_is_named()
    {
        var chain = Chain(10);
        chain[6] = chain[6] with { Payload = chain[6].Payload.Replace("Approve", "Reject", StringComparison.Ordinal) };

        var result = Verify(chain);

        Assert.Equal(7, result.Break?.Sequence);
        Assert.Contains("altered", result.Break!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(LogEntry.Actor))]
    [InlineData(nameof(LogEntry.Kind))]
    [InlineData(nameof(LogEntry.Subject))]
    [InlineData(nameof(LogEntry.OccurredAt))]
    [InlineData(nameof(LogEntry.Hash))]
    public void Every_field_is_covered_by_the_hash(string field)
    {
        var chain = Chain(5);
        var e = chain[2];
        chain[2] = field switch
        {
            nameof(LogEntry.Actor) => e with { Actor = "mallory" },
            nameof(LogEntry.Kind) => e with { Kind = LogEntryKinds.Condition },
            nameof(LogEntry.Subject) => e with { Subject = "rv-other" },
            nameof(LogEntry.OccurredAt) => e with { OccurredAt = e.OccurredAt.AddTicks(1) },
            _ => e with { Hash = new string('a', 64) },
        };

        Assert.Equal(3, Verify(chain).Break?.Sequence);
    }

    [Fact]
    public void A_deleted_entry_is_named()
    {
        var chain = Chain(10);
        chain.RemoveAt(4);

        var result = Verify(chain);

        Assert.Equal(5, result.Break?.Sequence);
        Assert.Contains("Entry 5 is missing", result.Break!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_reordered_entries_are_named()
    {
        var chain = Chain(10);
        // Swap the contents of entries 4 and 5 but keep the sequence numbers where they were stored.
        (chain[3], chain[4]) = (chain[4] with { Sequence = 4 }, chain[3] with { Sequence = 5 });

        var result = Verify(chain);

        Assert.Equal(4, result.Break?.Sequence);
    }

    [Fact]
    public void Two_entries_swapped_with_their_sequence_numbers_are_named()
    {
        var chain = Chain(10);
        (chain[3], chain[4]) = (chain[4], chain[3]);

        var result = Verify(chain);

        Assert.Equal(4, result.Break?.Sequence);
    }

    [Fact]
    public void A_rewritten_chain_contradicts_the_checkpoint_and_the_range_since_the_last_good_one_is_named()
    {
        var original = Chain(30);
        var checkpoints = new[] { Sign(original[9]), Sign(original[19]) };
        // The attacker turns the hold of entry 16 into an approval and recomputes every hash after it: every link holds.
        var rewritten = original.Take(14).ToList();
        foreach (var entry in original.Skip(14))
        {
            var payload = entry.Sequence == 16 ? entry.Payload.Replace("Hold", "Approve", StringComparison.Ordinal) : entry.Payload;
            rewritten.Add(_hasher.Next(rewritten[^1], entry.Org, entry.Kind, entry.Subject, entry.Actor, entry.OccurredAt, payload));
        }

        Assert.NotEqual(original[15].Payload, rewritten[15].Payload);
        var result = Verify(rewritten, checkpoints);

        Assert.Equal(11, result.Break?.Sequence);
        Assert.Contains("Entries 11 to 20 were rewritten", result.Break!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_tail_covered_by_a_checkpoint_is_detected()
    {
        var chain = Chain(12);
        var checkpoint = Sign(chain[11]);

        var result = Verify(chain.Take(9), checkpoint);

        Assert.Equal(10, result.Break?.Sequence);
        Assert.Contains("after 9 are missing", result.Break!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_checkpoint_does_not_verify()
    {
        var chain = Chain(5);
        var forged = Sign(chain[4]) with { HeadHash = new string('b', 64) };

        var result = Verify(chain, forged);

        Assert.Equal(5, result.Break?.Sequence);
        Assert.Contains("does not verify", result.Break!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_signed_by_an_unknown_key_does_not_verify()
    {
        var chain = Chain(5);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = new CheckpointSigner(other).Sign(Org, 5, chain[4].Hash, Start);

        var result = Verify(chain, checkpoint);

        Assert.Contains("not among the trusted keys", result.Break?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_of_another_org_inside_the_chain_is_named()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Org = "northwind-health" };

        Assert.Equal(3, Verify(chain).Break?.Sequence);
    }

    [Fact]
    public void The_first_break_is_named_when_there_are_several()
    {
        var chain = Chain(10);
        chain[7] = chain[7] with { Actor = "late" };
        chain[2] = chain[2] with { Actor = "early" };

        Assert.Equal(3, Verify(chain).Break?.Sequence);
    }

    [Fact]
    public void Hashes_do_not_depend_on_the_offset_a_time_was_read_with()
    {
        var utc = _hasher.Compute(Org, 1, "k", "s", "a", Start, "{}", ChainHasher.Genesis);
        var local = _hasher.Compute(Org, 1, "k", "s", "a", Start.ToOffset(TimeSpan.FromHours(5)), "{}", ChainHasher.Genesis);

        Assert.Equal(utc, local);
    }

    [Fact]
    public void Canonical_json_sorts_members_and_rejects_duplicates()
    {
        Assert.Equal("""{"a":[1,{"x":true,"y":null}],"b":"é<"}""", CanonicalJson.Normalize("""{ "b": "é<", "a": [1, { "y": null, "x": true }] }"""));
        Assert.Throws<System.Text.Json.JsonException>(() => CanonicalJson.Normalize("""{"a":1,"a":2}"""));
    }
}
