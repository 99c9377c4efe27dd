using System.Security.Cryptography;
using IdentityHost.Admin;
using IdentityHost.Configuration;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tokens;

/// <summary>Issues JWT access tokens per RFC 9068, signed with the current signing key.</summary>
public sealed class AccessTokenIssuer(
    SigningKeyManager keys,
    ScopeCatalog scopes,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    RandomNumberGenerator random)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="roles">Included only when the <c>roles</c> scope was granted.</param>
    /// <param name="authorizationId">The authorization (family) the token belongs to, so revoking it can be checked
    /// by this server's own endpoints (userinfo, introspection).</param>
    /// <param name="signIn">For a user's token: how the user signed in (RFC 9068 §2.2.1 allows <c>amr</c>).</param>
    public (string Token, int ExpiresIn) Issue(string subject, string clientId, IReadOnlySet<string> grantedScopes,
        IReadOnlyList<string>? roles = null, string? authorizationId = null, SignInFacts? signIn = null)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = settings.Tokens.AccessTokenLifetime;

        // RFC 9068 §2.2: aud is required. The APIs of the granted scopes are audiences; so is this server itself when
        // the token is for its userinfo endpoint (openid), for its admin API (the admin scope: README "Admin area"),
        // or has no API scope at all.
        var audiences = scopes.AudiencesFor(grantedScopes).ToList();
        if (audiences.Count == 0 || grantedScopes.Contains(StandardScopes.OpenId) || grantedScopes.Contains(AdminAccess.Scope))
        {
            audiences.Add(settings.Issuer);
        }
        object audience = audiences.Count == 1 ? audiences[0] : audiences.ToArray();

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Claims.Subject] = subject,
            [Claims.Audience] = audience,
            [Claims.ClientId] = clientId,
            [Claims.JwtId] = NewJwtId(),
        };
        if (grantedScopes.Count > 0)
        {
            claims[Claims.Scope] = ScopeSet.Format(grantedScopes);
        }
        if (authorizationId is not null)
        {
            claims[Claims.AuthorizationId] = authorizationId;
        }
        if (roles is not null && grantedScopes.Contains(StandardScopes.Roles))
        {
            claims[Claims.Roles] = roles.ToArray();
        }
        signIn?.AddMethodClaims(claims);

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            TokenType = TokenTypeNames.AccessTokenJwt,
            SigningCredentials = keys.Current.Credentials,
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    private string NewJwtId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.GetBytes(bytes);
        return WebEncoders.Base64UrlEncode(bytes);
    }
}
