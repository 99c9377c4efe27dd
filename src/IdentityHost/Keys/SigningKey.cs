using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IdentityHost.Protocol;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Keys;

/// <summary>A loaded signing key: the credentials that sign, and the public JWK that is published.</summary>
public sealed class SigningKey
{
    private SigningKey(SecurityKey key, string algorithm, JsonObject publicJwk)
    {
        Credentials = new SigningCredentials(key, algorithm);
        PublicJwk = publicJwk;
    }

    public string KeyId => Credentials.Key.KeyId;
    public string Algorithm => Credentials.Algorithm;
    public SigningCredentials Credentials { get; }
    /// <summary>RFC 7517 §4 members of the public key only; private parameters are never copied here.</summary>
    public JsonObject PublicJwk { get; }

    public static SigningKey FromRsa(RSA rsa)
    {
        var p = rsa.ExportParameters(includePrivateParameters: false);
        var kid = Thumbprint($$"""{"e":"{{B64(p.Exponent!)}}","kty":"RSA","n":"{{B64(p.Modulus!)}}"}""");
        var jwk = new JsonObject
        {
            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = kid, ["alg"] = SigningAlgorithms.RS256,
            ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!),
        };
        return new SigningKey(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256, jwk);
    }

    public static SigningKey FromECDsa(ECDsa ecdsa)
    {
        var p = ecdsa.ExportParameters(includePrivateParameters: false);
        if (p.Curve.Oid.FriendlyName is not ("nistP256" or "ECDSA_P256") && p.Curve.Oid.Value != "1.2.840.10045.3.1.7")
        {
            throw new InvalidOperationException("Only P-256 EC keys are supported for signing (ES256).");
        }
        // RFC 7638 §3.2: the thumbprint input holds the required members in lexicographic order.
        var kid = Thumbprint($$"""{"crv":"P-256","kty":"EC","x":"{{B64(p.Q.X!)}}","y":"{{B64(p.Q.Y!)}}"}""");
        var jwk = new JsonObject
        {
            ["kty"] = "EC", ["use"] = "sig", ["kid"] = kid, ["alg"] = SigningAlgorithms.ES256,
            ["crv"] = "P-256", ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!),
        };
        return new SigningKey(new ECDsaSecurityKey(ecdsa) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256, jwk);
    }

    private static string B64(byte[] bytes) => Base64UrlEncoder.Encode(bytes);

    private static string Thumbprint(string canonicalJwk) =>
        Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonicalJwk)));
}
