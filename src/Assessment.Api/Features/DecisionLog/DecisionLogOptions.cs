namespace ModelRisk.Assessment.Features.DecisionLog;

public sealed class DecisionLogOptions
{
    public const string SectionName = "DecisionLog";

    /// <summary>The ECDSA P-256 private key (PEM) that signs checkpoints. Required unless a development key may be generated.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>Local mode and tests only: generate a key on first start and keep it in <see cref="DevelopmentKeyPath"/> (mode 600).</summary>
    public bool GenerateDevelopmentKey { get; set; }

    public string DevelopmentKeyPath { get; set; } = "decision-log-dev-key.pem";

    /// <summary>Public keys (PEM) of earlier signing keys, so checkpoints they signed still verify after a rotation.</summary>
    public List<string> TrustedPublicKeys { get; set; } = [];

    /// <summary>How often every org's head is signed when it moved.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}
