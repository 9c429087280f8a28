using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ModelRisk.DevIdentity;

/// <summary>One RSA signing key, kept in a file when configured so a restart does not invalidate issued tokens.</summary>
public sealed class SigningKeyStore
{
    public SigningKeyStore(IOptions<DevIdentityOptions> options, ILogger<SigningKeyStore> logger)
    {
        var rsa = RSA.Create(2048);
        var path = options.Value.KeyFile;
        if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            logger.LogInformation("Loaded the signing key from {KeyFile}", path);
        }
        else if (!string.IsNullOrWhiteSpace(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
            logger.LogInformation("Created a signing key in {KeyFile}", path);
        }
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16];
        Key = new RsaSecurityKey(rsa) { KeyId = keyId };
        Jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = keyId });
        Jwk.Use = "sig";
        Jwk.Alg = SecurityAlgorithms.RsaSha256;
    }

    public RsaSecurityKey Key { get; }

    public JsonWebKey Jwk { get; }
}
