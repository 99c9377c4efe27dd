using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Introspection;

/// <summary>What introspection reports about an active token (RFC 7662 §2.2).</summary>
/// <param name="TokenType"><c>Bearer</c> for an access token, <c>refresh_token</c> for a refresh token.</param>
/// <param name="Audiences">The token's <c>aud</c>; a refresh token's audience is this server alone.</param>
public sealed record IntrospectedToken(
    string TokenType,
    string ClientId,
    string Subject,
    string Scope,
    long ExpiresAt,
    long IssuedAt,
    string Issuer,
    IReadOnlyList<string> Audiences);

/// <summary>
/// Decides whether a token is active (RFC 7662 §2.2): one of our access tokens that <see cref="AccessTokenValidator"/>
/// accepts (signature, lifetime, jti not revoked, family and user still valid), or one of our refresh tokens that the
/// refresh grant would redeem right now. Anything else is inactive, and which rule failed is never told.
/// Introspection only reads: a refresh token of a user who is no longer active is reported inactive, not revoked.
/// </summary>
public sealed class TokenIntrospector(
    AccessTokenValidator accessTokens,
    TokenStore store,
    ActiveUserCheck activeUsers,
    IOptions<IdentityHostOptions> options,
    TimeProvider time)
{
    /// <returns>The active token's facts, or null when it is not active.</returns>
    public async Task<IntrospectedToken?> IntrospectAsync(string token, string? hint, CancellationToken cancellationToken)
    {
        // RFC 7662 §2.1: the hint only orders the lookups; a wrong (or unknown) hint still finds the token. Without
        // one, the shape decides: a refresh token is one base64url string, a JWT has dots.
        var refreshFirst = hint == TokenTypeHints.RefreshToken || (hint is null && !token.Contains('.'));
        return refreshFirst
            ? await RefreshTokenAsync(token, cancellationToken) ?? await AccessTokenAsync(token, cancellationToken)
            : await AccessTokenAsync(token, cancellationToken) ?? await RefreshTokenAsync(token, cancellationToken);
    }

    private async Task<IntrospectedToken?> AccessTokenAsync(string token, CancellationToken cancellationToken)
    {
        // Every access token we issued, including those whose only audience is an API.
        var validation = await accessTokens.ValidateAsync(token, cancellationToken, requireOwnAudience: false);
        if (validation.Token is not { } accessToken)
        {
            return null;
        }
        var jwt = accessToken.Jwt;
        return new IntrospectedToken(TokenTypeNames.Bearer, accessToken.ClientId, accessToken.Subject, ScopeSet.Format(accessToken.Scopes),
            UnixTime(jwt.ValidTo), UnixTime(jwt.IssuedAt), jwt.Issuer, jwt.Audiences.ToList());
    }

    private async Task<IntrospectedToken?> RefreshTokenAsync(string value, CancellationToken cancellationToken)
    {
        var grant = await store.FindWithGrantAsync(TokenTypes.RefreshToken, value, cancellationToken);
        var token = grant?.Token;
        // The rules of the refresh grant: valid (not redeemed, not revoked), unexpired, its family and user still valid.
        if (token is null || token.Status != TokenStatuses.Valid || token.AuthorizationId is null || token.Subject is null
            || token.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return null;
        }
        var authorization = grant!.Authorization;
        if (authorization is null || authorization.Status != AuthorizationStatuses.Valid
            || !await activeUsers.IsActiveAsync(grant.User, authorization.SecurityStampHash))
        {
            return null;
        }
        var issuer = options.Value.Issuer;
        return new IntrospectedToken(TokenTypeHints.RefreshToken, token.ClientId, token.Subject, ScopeSet.Format(token.Scopes),
            UnixTime(token.ExpiresAt), UnixTime(token.CreatedAt), issuer, [issuer]);
    }

    /// <summary>Stored and JWT times are UTC (SQLite hands them back unspecified).</summary>
    private static long UnixTime(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
