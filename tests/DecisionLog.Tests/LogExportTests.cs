using System.Security.Cryptography;

namespace ModelRisk.DecisionLog.Tests;

public sealed class LogExportTests
{
    private static async IAsyncEnumerable<LogEntry> Async(IEnumerable<LogEntry> entries)
    {
        foreach (var entry in entries)
        {
            yield return entry;
            await Task.Yield();
        }
    }

    [Fact]
    public async Task An_export_reads_back_and_verifies_offline_with_the_public_key_alone()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var hasher = new ChainHasher();
        var entries = new List<LogEntry>();
        foreach (var org in new[] { "acme-lending", "northwind-health" })
        {
            LogEntry? head = null;
            for (var i = 0; i < 20; i++)
            {
                head = hasher.Next(head, org, LogEntryKinds.Signature, $"rv-{i}", "avery", DateTimeOffset.UnixEpoch.AddDays(i),
                    CanonicalJson.From(new { role = "approver", amount = 1.5e-7, n = i }));
                entries.Add(head);
            }
        }
        var signer = new CheckpointSigner(key);
        var checkpoints = entries.Where(e => e.Sequence % 10 == 0).Select(e => signer.Sign(e.Org, e.Sequence, e.Hash, e.OccurredAt)).ToList();
        using var stream = new MemoryStream();

        await LogExport.WriteAsync(stream, Async(entries), checkpoints, CancellationToken.None);
        stream.Position = 0;
        var contents = LogExport.Read(new StreamReader(stream));
        var results = contents.Verify(new CheckpointKeys().AddPem(CheckpointKeys.PublicKeyPem(key)));

        Assert.Equal(40, contents.Entries.Count);
        Assert.Equal(4, contents.Checkpoints.Count);
        Assert.All(results, r => Assert.True(r.IsValid, r.Break?.Reason));
        Assert.Equal(["acme-lending", "northwind-health"], results.Select(r => r.Org));
        Assert.All(results, r => Assert.Equal(2, r.CheckpointsVerified));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"entry","org":"a"}""")]
    [InlineData("""{"type":"other"}""")]
    [InlineData("""{"type":"checkpoint","org":"a","seq":-1,"head":"x","at":"2026-01-01T00:00:00Z","kid":"k","sig":"s"}""")]
    public void A_malformed_line_is_refused_with_its_number(string line)
    {
        var error = Assert.Throws<FormatException>(() => LogExport.Read(new StringReader("\n" + line + "\n")));

        Assert.StartsWith("Line 2:", error.Message, StringComparison.Ordinal);
    }
}
