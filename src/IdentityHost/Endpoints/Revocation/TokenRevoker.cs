using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;

namespace IdentityHost.Endpoints.Revocation;

/// <summary>What a revocation request did; the endpoint answers 200 to every one of them (RFC 7009 §2.2).</summary>
public enum RevocationOutcome
{
    /// <summary>A refresh token's family, or an access token's <c>jti</c>, is now revoked.</summary>
    Revoked,
    /// <summary>One of the client's tokens that had already stopped working (expired, revoked, redeemed family).</summary>
    AlreadyInactive,
    /// <summary>Not a token this server issued.</summary>
    Unknown,
    /// <summary>A token of another client: left alone.</summary>
    NotOwned,
}

/// <summary>
/// Revokes a client's own token (RFC 7009 §2.1): a refresh token ends its whole authorization — every refresh and
/// access token of the family (§2.1: SHOULD) — and an access token has its <c>jti</c> denied until it would have
/// expired. A token issued to another client is never touched.
/// </summary>
public sealed partial class TokenRevoker(
    AccessTokenValidator accessTokens,
    TokenStore store,
    TimeProvider time,
    SecurityEvents events,
    ILogger<TokenRevoker> logger)
{
    public async Task<RevocationOutcome> RevokeAsync(ClientEntity client, string token, string? hint, CancellationToken cancellationToken)
    {
        // RFC 7009 §2.1: the hint only orders the search, which extends to every supported type.
        var refreshFirst = hint == TokenTypeHints.RefreshToken || (hint is null && !token.Contains('.'));
        if (refreshFirst)
        {
            var outcome = await RevokeRefreshTokenAsync(client, token, cancellationToken);
            return outcome != RevocationOutcome.Unknown ? outcome : await RevokeAccessTokenAsync(client, token, cancellationToken);
        }
        else
        {
            var outcome = await RevokeAccessTokenAsync(client, token, cancellationToken);
            return outcome != RevocationOutcome.Unknown ? outcome : await RevokeRefreshTokenAsync(client, token, cancellationToken);
        }
    }

    private async Task<RevocationOutcome> RevokeRefreshTokenAsync(ClientEntity client, string value, CancellationToken cancellationToken)
    {
        var token = await store.FindByValueAsync(TokenTypes.RefreshToken, value, cancellationToken);
        if (token?.AuthorizationId is null)
        {
            return RevocationOutcome.Unknown;
        }
        // RFC 7009 §2.1: the token must have been issued to the client making the request.
        if (token.ClientId != client.ClientId)
        {
            LogNotOwned(logger, client.ClientId, TokenTypeHints.RefreshToken);
            return RevocationOutcome.NotOwned;
        }
        if (token.Status == TokenStatuses.Revoked)
        {
            return RevocationOutcome.AlreadyInactive;
        }
        // Also for a redeemed (rotated) token: whoever holds one can end the family, as replaying it would.
        await store.RevokeAuthorizationAsync(token.AuthorizationId, cancellationToken);
        LogFamilyRevoked(logger, token.AuthorizationId, client.ClientId);
        events.Record(AuditActors.Client(client.ClientId), AuditActions.TokenRevoked, token.AuthorizationId,
            $"refresh token of user {token.Subject}; the family is revoked");
        return RevocationOutcome.Revoked;
    }

    private async Task<RevocationOutcome> RevokeAccessTokenAsync(ClientEntity client, string value, CancellationToken cancellationToken)
    {
        var validation = await accessTokens.ValidateAsync(value, cancellationToken, requireOwnAudience: false);
        if (validation.Token is not { } accessToken)
        {
            // Ours but expired, revoked or its user gone: nothing left to revoke. Not ours at all: maybe a refresh token.
            return validation.Rejection == AccessTokenRejection.Invalid ? RevocationOutcome.Unknown : RevocationOutcome.AlreadyInactive;
        }
        if (accessToken.ClientId != client.ClientId)
        {
            LogNotOwned(logger, client.ClientId, TokenTypeHints.AccessToken);
            return RevocationOutcome.NotOwned;
        }

        var jwt = accessToken.Jwt;
        // Denied for as long as the validator would still accept the token: its exp plus the allowed clock skew.
        var deniedUntil = DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc) + AccessTokenValidator.ClockSkew;
        var added = await store.RevokeAccessTokenAsync(jwt.Id, accessToken.ClientId, accessToken.Subject, accessToken.AuthorizationId,
            deniedUntil, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (!added)
        {
            return RevocationOutcome.AlreadyInactive;
        }
        LogAccessTokenRevoked(logger, client.ClientId, accessToken.Subject);
        events.Record(AuditActors.Client(client.ClientId), AuditActions.TokenRevoked, accessToken.Subject, $"access token {jwt.Id}");
        return RevocationOutcome.Revoked;
    }

    [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Client {ClientId} revoked a refresh token; authorization {AuthorizationId} and its tokens are revoked.")]
    private static partial void LogFamilyRevoked(ILogger logger, string authorizationId, string clientId);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Information, Message = "Client {ClientId} revoked an access token of {Subject}.")]
    private static partial void LogAccessTokenRevoked(ILogger logger, string clientId, string subject);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Warning, Message = "Client {ClientId} tried to revoke another client's {TokenType}; nothing was revoked.")]
    private static partial void LogNotOwned(ILogger logger, string clientId, string tokenType);
}
