using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Resources.Tests.Infrastructure;

/// <summary>An RSA-2048 signing key with a kid, as an issuer would publish it.</summary>
public sealed class TestSigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public TestSigningKey(string keyId)
    {
        KeyId = keyId;
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    public RsaSecurityKey SecurityKey { get; }

    public SigningCredentials Rs256 => new(SecurityKey, SecurityAlgorithms.RsaSha256);

    /// <summary>The public key as PEM text: what an attacker can download and try as an HMAC secret.</summary>
    public byte[] PublicKeyPemBytes => System.Text.Encoding.ASCII.GetBytes(_rsa.ExportSubjectPublicKeyInfoPem());

    /// <summary>The JWK of the public part only (RFC 7517 §4, RFC 7518 §6.3.1).</summary>
    public Dictionary<string, string> ToPublicJwk()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    public void Dispose() => _rsa.Dispose();
}
