using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Keys;

/// <summary>An operator-supplied signing key: a PEM (PKCS#8, PKCS#1 or SEC1, optionally encrypted) or a PFX.</summary>
public static class SigningKeyFile
{
    private const int MinimumRsaKeyBits = 2048;

    public static SigningKey Load(string path, string? password)
    {
        var key = Read(path, password);
        // RFC 7518 §3.3: a key of size 2048 bits or larger MUST be used with RS256.
        if (key.Algorithm == SecurityAlgorithms.RsaSha256 && key.Credentials.Key.KeySize < MinimumRsaKeyBits)
        {
            throw new InvalidOperationException(
                $"IdentityHost:SigningKeys:Path '{path}' holds a {key.Credentials.Key.KeySize}-bit RSA key; RS256 needs at least {MinimumRsaKeyBits} bits.");
        }
        return key;
    }

    private static SigningKey Read(string path, string? password)
    {
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            if (certificate.GetRSAPrivateKey() is { } rsaKey) return SigningKey.FromRsa(rsaKey);
            if (certificate.GetECDsaPrivateKey() is { } ecKey) return SigningKey.FromECDsa(ecKey);
            throw new InvalidOperationException($"IdentityHost:SigningKeys:Path '{path}' holds no RSA or EC private key.");
        }

        var pem = File.ReadAllText(path);
        var encrypted = pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal);
        var rsa = RSA.Create();
        if (TryImport(rsa, pem, password, encrypted)) return SigningKey.FromRsa(rsa);
        var ecdsa = ECDsa.Create();
        if (TryImport(ecdsa, pem, password, encrypted)) return SigningKey.FromECDsa(ecdsa);
        throw new InvalidOperationException($"IdentityHost:SigningKeys:Path '{path}' is not a PEM RSA or EC private key (or its password is wrong).");
    }

    private static bool TryImport(AsymmetricAlgorithm key, string pem, string? password, bool encrypted)
    {
        try
        {
            if (encrypted) key.ImportFromEncryptedPem(pem, password ?? "");
            else key.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return false;
        }
    }
}
