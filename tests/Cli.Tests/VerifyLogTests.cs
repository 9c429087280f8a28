using System.Security.Cryptography;
using ModelRisk.DecisionLog;

namespace ModelRisk.Cli.Tests;

public sealed class VerifyLogTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _folder.Dispose();
        _key.Dispose();
    }

    private async Task<(string Export, string Key)> ExportAsync(Func<List<LogEntry>, List<LogEntry>>? tamper = null)
    {
        using var hasher = new ChainHasher();
        var entries = new List<LogEntry>();
        for (var i = 0; i < 12; i++)
        {
            entries.Add(hasher.Next(entries.LastOrDefault(), "acme-lending", LogEntryKinds.Signature, $"rv-{i}", "avery.approver",
                DateTimeOffset.UnixEpoch.AddHours(i), CanonicalJson.From(new { outcome = "Approve", n = i })));
        }
        var signer = new CheckpointSigner(_key);
        var checkpoints = new[] { signer.Sign("acme-lending", 10, entries[9].Hash, DateTimeOffset.UnixEpoch.AddDays(1)) };
        entries = tamper?.Invoke(entries) ?? entries;
        var export = _folder.File("log.jsonl");
        await using (var file = File.Create(export))
        {
            await LogExport.WriteAsync(file, entries.ToAsyncEnumerable(), checkpoints, CancellationToken.None);
        }
        return (export, _folder.Write("key.pem", CheckpointKeys.PublicKeyPem(_key)));
    }

    [Fact]
    public async Task An_untouched_export_verifies_with_the_public_key()
    {
        var (export, key) = await ExportAsync();

        var run = Mrp.Run("verify-log", export, "--public-key", key);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("acme-lending: verified 12 entries, 1 signed checkpoints", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_entry_is_exit_1_naming_it()
    {
        var (export, key) = await ExportAsync(entries =>
        {
            entries[4] = entries[4] with { Actor = "mallory" };
            return entries;
        });

        var run = Mrp.Run("verify-log", export, "--public-key", key);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BROKEN at entry 5", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_key_does_not_verify_the_checkpoints()
    {
        var (export, _) = await ExportAsync();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var run = Mrp.Run("verify-log", export, "--public-key", _folder.Write("other.pem", CheckpointKeys.PublicKeyPem(other)));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not among the trusted keys", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all\n", "Line 1")]
    [InlineData("", "holds no entries")]
    public void An_unusable_file_is_exit_2_with_one_line(string content, string reason)
    {
        var key = _folder.Write("key.pem", CheckpointKeys.PublicKeyPem(_key));

        var run = Mrp.Run("verify-log", _folder.Write("bad.jsonl", content), "--public-key", key);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_key_that_is_not_pem_is_exit_2()
    {
        var run = Mrp.Run("verify-log", _folder.Write("log.jsonl", "{}"), "--public-key", _folder.Write("key.pem", "garbage"));

        Assert.Equal(2, run.ExitCode);
    }
}
