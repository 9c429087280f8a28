namespace ModelRisk.DecisionLog;

/// <summary>
/// Verifies one org's chain as its entries stream past in sequence order, so a log of any length verifies in
/// constant memory. What it detects, and where it names the break:
/// an altered entry (its hash no longer matches its facts: that entry); a removed or reordered entry (a gap in
/// the sequence, or a link to the wrong previous hash: the first entry out of place); a rewrite that recomputed
/// every hash (the chain contradicts a signed checkpoint: the range since the last checkpoint that held); a removed
/// tail (a checkpoint covers entries that are gone); a forged checkpoint (its signature does not verify).
/// A tail removed after the last checkpoint is undetectable by anyone holding only the log: checkpoints are signed
/// periodically and published for that reason.
/// </summary>
public sealed class ChainVerifier : IDisposable
{
    private readonly string _org;
    private readonly List<Checkpoint> _checkpoints;
    private readonly ChainHasher _hasher = new();
    private int _nextCheckpoint;
    private long _lastSequence;
    private string _lastHash = ChainHasher.Genesis;
    private long _lastHeldCheckpoint;
    private long _entries;
    private int _checkpointsVerified;
    private ChainBreak? _break;

    public ChainVerifier(string org, IEnumerable<Checkpoint> checkpoints, CheckpointKeys keys)
    {
        _org = org;
        _checkpoints = [.. checkpoints.Where(c => c.Org == org).OrderBy(c => c.Sequence)];
        foreach (var checkpoint in _checkpoints)
        {
            if (!keys.Verify(checkpoint))
            {
                Fail(checkpoint.Sequence, $"The checkpoint for entry {checkpoint.Sequence} signed at {ChainHasher.FormatTime(checkpoint.SignedAt)} "
                    + (keys.KeyIds.Contains(checkpoint.KeyId) ? "has a signature that does not verify." : $"was signed with key {checkpoint.KeyId}, which is not among the trusted keys."));
                break;
            }
        }
    }

    public void Dispose() => _hasher.Dispose();

    /// <summary>Reads the next entry; entries must come in the order they are stored by sequence.</summary>
    public void Add(LogEntry entry)
    {
        _entries++;
        if (_break is not null && _break.Sequence <= _lastSequence + 1)
        {
            _lastSequence = entry.Sequence;
            return;
        }
        var expected = _lastSequence + 1;
        if (entry.Org != _org)
        {
            Fail(entry.Sequence, $"Entry {entry.Sequence} belongs to org '{entry.Org}', not '{_org}'.");
        }
        else if (entry.Sequence != expected)
        {
            Fail(expected, entry.Sequence > expected
                ? (entry.Sequence - expected == 1 ? $"Entry {expected} is missing" : $"Entries {expected} to {entry.Sequence - 1} are missing") + $": the chain goes from {_lastSequence} to {entry.Sequence}."
                : $"Entry {entry.Sequence} appears after entry {_lastSequence}: entries are out of order or repeated.");
        }
        else if (!_hasher.Matches(entry))
        {
            Fail(entry.Sequence, $"Entry {entry.Sequence} was altered: its content does not match its hash.");
        }
        else if (!string.Equals(entry.PreviousHash, _lastHash, StringComparison.Ordinal))
        {
            Fail(entry.Sequence, $"Entry {entry.Sequence} does not link to entry {_lastSequence}: an entry before it was removed, reordered or replaced.");
        }
        else
        {
            CheckCheckpoints(entry);
        }
        _lastSequence = entry.Sequence;
        _lastHash = entry.Hash;
    }

    public ChainVerification Finish()
    {
        if (_nextCheckpoint < _checkpoints.Count && _break is null)
        {
            var covering = _checkpoints[^1];
            Fail(_lastSequence + 1, $"Entries after {_lastSequence} are missing: the checkpoint signed at {ChainHasher.FormatTime(covering.SignedAt)} covers entry {covering.Sequence}.");
        }
        return new ChainVerification(_org, _entries, _checkpointsVerified, _lastSequence, _lastHash, _break);
    }

    /// <summary>Verifies a whole chain held in memory.</summary>
    public static ChainVerification Verify(string org, IEnumerable<LogEntry> entries, IEnumerable<Checkpoint> checkpoints, CheckpointKeys keys)
    {
        using var verifier = new ChainVerifier(org, checkpoints, keys);
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }
        return verifier.Finish();
    }

    private void CheckCheckpoints(LogEntry entry)
    {
        while (_nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Sequence <= entry.Sequence)
        {
            var checkpoint = _checkpoints[_nextCheckpoint++];
            if (checkpoint.Sequence < entry.Sequence)
            {
                continue;
            }
            if (!string.Equals(checkpoint.HeadHash, entry.Hash, StringComparison.Ordinal))
            {
                var from = _lastHeldCheckpoint + 1;
                Fail(from, $"Entries {from} to {entry.Sequence} were rewritten: entry {entry.Sequence} differs from the checkpoint signed at {ChainHasher.FormatTime(checkpoint.SignedAt)}.");
                return;
            }
            _checkpointsVerified++;
            _lastHeldCheckpoint = entry.Sequence;
        }
    }

    private void Fail(long sequence, string reason)
    {
        if (_break is null || sequence < _break.Sequence)
        {
            _break = new ChainBreak(sequence, reason);
        }
    }
}
