using System.Security.Cryptography;
using System.Text;
using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tokens;

/// <summary>The facts of a sign-in that an id_token reports (OIDC Core §2): when, which session, and how — the
/// <c>amr</c> method (RFC 8176) and, after a sign-in through GitHub or Google, the <c>idp</c> that authenticated the user.</summary>
public sealed record SignInFacts(DateTime AuthTime, string? SessionId, string? Nonce,
    string? AuthenticationMethod = null, string? IdentityProvider = null)
{
    /// <summary>Adds <c>amr</c> (always an array, OIDC Core §2) and <c>idp</c> when known.</summary>
    public void AddMethodClaims(IDictionary<string, object> claims)
    {
        if (AuthenticationMethod is not null) claims[Claims.AuthenticationMethods] = new[] { AuthenticationMethod };
        if (IdentityProvider is not null) claims[Claims.IdentityProvider] = IdentityProvider;
    }
}

/// <summary>Issues OpenID Connect id_tokens (OIDC Core §2, §3.1.3.6), signed with the current signing key.</summary>
public sealed class IdentityTokenIssuer(SigningKeyManager keys, IOptions<IdentityHostOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(ApplicationUser user, IReadOnlyList<string>? roles, string clientId, IReadOnlySet<string> scopes, SignInFacts signIn, string accessToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = UserClaims.ForScopes(user, roles, scopes);
        claims[Claims.AuthTime] = EpochTime.GetIntDate(signIn.AuthTime);
        claims[Claims.AccessTokenHash] = AccessTokenHash(accessToken);
        if (signIn.Nonce is not null) claims[Claims.Nonce] = signIn.Nonce;
        if (signIn.SessionId is not null) claims[Claims.SessionId] = signIn.SessionId;
        signIn.AddMethodClaims(claims);

        var signing = keys.Current.Credentials;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = clientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Tokens.IdentityTokenLifetime,
            Claims = claims,
            TokenType = "JWT",
            SigningCredentials = signing,
        });
    }

    /// <summary>OIDC Core §3.1.3.6: base64url of the left half of the hash of the access token's ASCII octets
    /// (SHA-256 for RS256 and ES256).</summary>
    public static string AccessTokenHash(string accessToken)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        return Base64UrlEncoder.Encode(hash, 0, hash.Length / 2);
    }
}
