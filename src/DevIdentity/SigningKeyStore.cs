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
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            {
                // Anyone who can read the key can sign tokens the local platform accepts.
                File.SetUnixFileMode(path, OwnerOnly);
                logger.LogWarning("The signing key {KeyFile} was readable by others; it is now readable by its owner only", path);
            }
            rsa.ImportFromPem(File.ReadAllText(path));
            logger.LogInformation("Loaded the signing key from {KeyFile}", path);
        }
        else if (!string.IsNullOrWhiteSpace(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // Created owner-only, so the key is never readable by others, not even between writing and a chmod.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = OwnerOnly;
            }
            using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, create))
            {
                file.Write(rsa.ExportRSAPrivateKeyPem());
            }
            logger.LogInformation("Created a signing key in {KeyFile}", path);
        }
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16];
        Key = new RsaSecurityKey(rsa) { KeyId = keyId };
        Jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = keyId });
        Jwk.Use = "sig";
        Jwk.Alg = SecurityAlgorithms.RsaSha256;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public RsaSecurityKey Key { get; }

    public JsonWebKey Jwk { get; }
}
