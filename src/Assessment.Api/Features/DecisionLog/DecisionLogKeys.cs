using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelRisk.DecisionLog;

namespace ModelRisk.Assessment.Features.DecisionLog;

/// <summary>The service's checkpoint signing key and the public keys its checkpoints verify with.</summary>
public sealed class DecisionLogKeys : IDisposable
{
    private readonly ECDsa _signingKey;

    public DecisionLogKeys(IOptions<DecisionLogOptions> options, IHostEnvironment environment)
    {
        var o = options.Value;
        _signingKey = ECDsa.Create();
        if (!string.IsNullOrWhiteSpace(o.SigningKeyPem))
        {
            _signingKey.ImportFromPem(o.SigningKeyPem);
        }
        else if (o.GenerateDevelopmentKey)
        {
            LoadOrCreateDevelopmentKey(Path.Combine(environment.ContentRootPath, o.DevelopmentKeyPath));
        }
        else
        {
            throw new InvalidOperationException(
                "DecisionLog:SigningKeyPem is not configured. Give the service an ECDSA P-256 private key in PEM form (a Kubernetes secret); " +
                "only local mode may set DecisionLog:GenerateDevelopmentKey.");
        }
        if (_signingKey.KeySize != 256)
        {
            throw new InvalidOperationException("The decision-log signing key must be an ECDSA P-256 key.");
        }
        Signer = new CheckpointSigner(_signingKey);
        PublicKeyPems = [CheckpointKeys.PublicKeyPem(_signingKey), .. o.TrustedPublicKeys];
        Trusted = new CheckpointKeys().Add(_signingKey);
        foreach (var pem in o.TrustedPublicKeys)
        {
            Trusted.AddPem(pem);
        }
    }

    public CheckpointSigner Signer { get; }

    public CheckpointKeys Trusted { get; }

    public IReadOnlyList<string> PublicKeyPems { get; }

    public void Dispose() => _signingKey.Dispose();

    private void LoadOrCreateDevelopmentKey(string path)
    {
        if (File.Exists(path))
        {
            _signingKey.ImportFromPem(File.ReadAllText(path));
            return;
        }
        _signingKey.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var file = new StreamWriter(path, System.Text.Encoding.ASCII, fileOptions);
        file.Write(_signingKey.ExportECPrivateKeyPem());
    }
}
