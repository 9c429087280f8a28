using System.Security.Cryptography;

namespace ModelRisk.DecisionLog;

/// <summary>
/// The public keys that verify checkpoints, by key id. Keeping the old public keys after a rotation lets the
/// checkpoints they signed still verify.
/// </summary>
public sealed class CheckpointKeys
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Adds a public key from PEM (SubjectPublicKeyInfo, or a private key whose public half is used).</summary>
    public CheckpointKeys AddPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new FormatException("The key is not an ECDSA key in PEM form.", e);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new FormatException("The key is not an ECDSA key in PEM form.", e);
        }
        return Add(key);
    }

    public CheckpointKeys Add(ECDsa key)
    {
        _keys[KeyIdOf(key)] = key;
        return this;
    }

    public bool Verify(Checkpoint checkpoint)
    {
        if (!_keys.TryGetValue(checkpoint.KeyId, out var key))
        {
            return false;
        }
        Span<byte> signature = stackalloc byte[132];
        if (!Convert.TryFromBase64String(checkpoint.Signature, signature, out var length))
        {
            return false;
        }
        var bytes = CheckpointSigner.SignedBytes(checkpoint.Org, checkpoint.Sequence, checkpoint.HeadHash, checkpoint.SignedAt, checkpoint.KeyId);
        return key.VerifyData(bytes, signature[..length], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the key's SubjectPublicKeyInfo.</summary>
    public static string KeyIdOf(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public static string PublicKeyPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem();
}
