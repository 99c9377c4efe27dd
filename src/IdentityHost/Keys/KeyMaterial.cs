using System.Security.Cryptography;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityHost.Keys;

/// <summary>
/// Generated keys at rest: a PKCS#8 private key encrypted with ASP.NET Core Data Protection (DESIGN.md §6), never
/// stored or logged in the clear.
/// </summary>
public sealed class KeyMaterial(IDataProtectionProvider dataProtection)
{
    private const string ProtectorPurpose = "IdentityHost.SigningKeys.v1";

    private IDataProtector Protector => dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>A new key of <paramref name="algorithm"/>, and its private key encrypted for storage.</summary>
    public (SigningKey Key, string ProtectedPrivateKey) Generate(string algorithm)
    {
        if (algorithm == SigningAlgorithms.ES256)
        {
            var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return (SigningKey.FromECDsa(ecdsa), Protect(ecdsa.ExportPkcs8PrivateKey()));
        }
        var rsa = RSA.Create(2048);
        return (SigningKey.FromRsa(rsa), Protect(rsa.ExportPkcs8PrivateKey()));
    }

    /// <exception cref="CryptographicException">The Data Protection key ring that encrypted it is not available.</exception>
    public SigningKey Unprotect(string algorithm, string protectedPrivateKey)
    {
        var pkcs8 = Convert.FromBase64String(Protector.Unprotect(protectedPrivateKey));
        if (algorithm == SigningAlgorithms.ES256)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return SigningKey.FromECDsa(ecdsa);
        }
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return SigningKey.FromRsa(rsa);
    }

    private string Protect(byte[] pkcs8) => Protector.Protect(Convert.ToBase64String(pkcs8));
}
