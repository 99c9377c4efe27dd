using System.Security.Cryptography;
using System.Text;
using IdentityHost.Keys;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tests.UserInfo;

/// <summary>
/// Access tokens made by the test, to pin each validation rule on its own: signed with the server's real key (so
/// only the one claim or header under test is wrong), with a stranger's key, or not at all.
/// </summary>
public static class MintedTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The claims the server itself would issue for a userinfo token of <paramref name="subject"/>.</summary>
    public static Dictionary<string, object> ValidClaims(string subject) => new()
    {
        ["sub"] = subject,
        ["client_id"] = "public-app",
        ["scope"] = "openid profile",
        ["jti"] = Guid.NewGuid().ToString("N"),
    };

    public static string Sign(SigningCredentials credentials, IdentityHostFactory factory, Dictionary<string, object> claims,
        string issuer = IdentityHostFactory.Issuer, string audience = IdentityHostFactory.Issuer, string type = "at+jwt", bool expires = true)
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ? now.AddMinutes(5) : null,
            Claims = claims,
            TokenType = type,
            SigningCredentials = credentials,
        });
    }

    public static SigningCredentials ServerKey(IdentityHostFactory factory) =>
        factory.Services.GetRequiredService<SigningKeyManager>().Current.Credentials;

    public static SigningCredentials StrangerKey() =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "stranger" }, SecurityAlgorithms.RsaSha256);

    /// <summary>RFC 7519 §6: an unsecured JWT, <c>alg: none</c> and an empty signature.</summary>
    public static string Unsigned(Dictionary<string, object> claims, IdentityHostFactory factory)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(factory.Clock.GetUtcNow().ToUnixTimeSeconds());
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = IdentityHostFactory.Issuer,
            ["aud"] = IdentityHostFactory.Issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        };
        return $"{B64("""{"alg":"none","typ":"at+jwt"}""")}.{B64(System.Text.Json.JsonSerializer.Serialize(payload))}.";
    }

    /// <summary>
    /// The key-confusion attack (RFC 8725 §2.1): HS256 keyed with the server's public key as published (its PEM), under
    /// the server's kid, hoping the verifier takes the "key" it finds for that kid as an HMAC secret.
    /// </summary>
    public static string HmacWithPublicKey(IdentityHostFactory factory, Dictionary<string, object> claims)
    {
        var serverKey = (RsaSecurityKey)ServerKey(factory).Key;
        var rsa = RSA.Create(serverKey.Rsa.ExportParameters(includePrivateParameters: false));
        var secret = Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        var credentials = new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = serverKey.KeyId }, SecurityAlgorithms.HmacSha256);
        return Sign(credentials, factory, claims);
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
