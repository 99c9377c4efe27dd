using IdentityHost.Accounts;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityHost.Tokens;

/// <summary>Why one of this server's access tokens was refused; each maps to RFC 6750 §3.1 <c>invalid_token</c>.</summary>
public enum AccessTokenRejection
{
    /// <summary>Not a JWT, not signed by one of our published keys with an allowed algorithm, not an
    /// <c>at+jwt</c>, wrong issuer or audience, or missing a required claim.</summary>
    Invalid,
    /// <summary>Past <c>exp</c> (or before <c>nbf</c>), allowing for the clock skew.</summary>
    Expired,
    /// <summary>Its authorization (token family) is gone or revoked, the token itself was revoked (its <c>jti</c>), or
    /// its client was removed.</summary>
    Revoked,
    /// <summary>Its user is deleted, locked out, or signed out everywhere since the grant.</summary>
    InactiveUser,
}

/// <summary>A validated access token and what it grants.</summary>
/// <param name="User">The token's user; null for a client's own token (client_credentials, <c>sub</c> = <c>client:…</c>).</param>
public sealed record ValidatedAccessToken(
    string Subject,
    string ClientId,
    IReadOnlySet<string> Scopes,
    string? AuthorizationId,
    ApplicationUser? User,
    JsonWebToken Jwt);

/// <summary>The outcome of <see cref="AccessTokenValidator"/>: the token, or the reason it was refused.</summary>
public sealed record AccessTokenValidationResult(ValidatedAccessToken? Token, AccessTokenRejection? Rejection)
{
    public bool IsValid => Token is not null;

    public static AccessTokenValidationResult Valid(ValidatedAccessToken token) => new(token, null);

    public static AccessTokenValidationResult Rejected(AccessTokenRejection reason) => new(null, reason);
}
