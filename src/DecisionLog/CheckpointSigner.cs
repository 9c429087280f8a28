using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelRisk.DecisionLog;

/// <summary>Signs chain heads with the service's private key (ECDSA P-256).</summary>
public sealed class CheckpointSigner(ECDsa privateKey)
{
    public string KeyId { get; } = CheckpointKeys.KeyIdOf(privateKey);

    public Checkpoint Sign(string org, long sequence, string headHash, DateTimeOffset signedAt)
    {
        var bytes = SignedBytes(org, sequence, headHash, signedAt, KeyId);
        var signature = privateKey.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new Checkpoint(org, sequence, headHash, signedAt, KeyId, Convert.ToBase64String(signature));
    }

    /// <summary>What a checkpoint signature covers: <c>{"v":1,"org":…,"seq":…,"head":…,"at":…,"kid":…}</c> in canonical JSON.</summary>
    public static byte[] SignedBytes(string org, long sequence, string headHash, DateTimeOffset signedAt, string keyId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CanonicalJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("org", org);
            writer.WriteNumber("seq", sequence);
            writer.WriteString("head", headHash);
            writer.WriteString("at", ChainHasher.FormatTime(signedAt));
            writer.WriteString("kid", keyId);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
