using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Discovery;

/// <summary>What a resource server does with the published keys: fetch the JWKS and validate an access token.</summary>
public static class Jwks
{
    public const string Path = "/.well-known/jwks";
    public const string Audience = "resources";

    public static async Task<JsonWebKeySet> GetAsync(HttpClient client) => new(await client.GetStringAsync(Path));

    /// <summary>An RFC 9068 access token for the <c>service</c> client, audience <see cref="Audience"/>.</summary>
    public static async Task<string> ServiceAccessTokenAsync(HttpClient client)
    {
        var result = await client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret));
        Assert.Equal(200, result.Status);
        return result.AccessToken!;
    }

    /// <summary>Validates as a resource server must (RFC 9068 §4): exact issuer, its audience, typ at+jwt, signature.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(string token, IEnumerable<SecurityKey> keys, string issuer)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = Audience,
            ValidTypes = ["at+jwt"],
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = false, // the kid must name the key
        });
        // The issuer is compared byte for byte (RFC 8414 §2, RFC 9068 §4), stricter than any library normalisation.
        if (result.IsValid) Assert.Equal(issuer, ((JsonWebToken)result.SecurityToken).Issuer);
        return result;
    }

    public static void AssertValid(TokenValidationResult result) =>
        Assert.True(result.IsValid, result.Exception?.ToString());
}
