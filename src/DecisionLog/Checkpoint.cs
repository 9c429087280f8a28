namespace ModelRisk.DecisionLog;

/// <summary>
/// A signed statement that an org's log had <see cref="HeadHash"/> at <see cref="Sequence"/> when it was signed.
/// A rewrite of the chain that recomputes every hash still contradicts the checkpoints signed before it.
/// </summary>
/// <param name="KeyId">Which public key verifies <see cref="Signature"/> (<see cref="CheckpointKeys.KeyIdOf"/>).</param>
/// <param name="Signature">ECDSA P-256 with SHA-256 (IEEE P1363 form), base64, over <see cref="CheckpointSigner.SignedBytes"/>.</param>
public sealed record Checkpoint(string Org, long Sequence, string HeadHash, DateTimeOffset SignedAt, string KeyId, string Signature);
