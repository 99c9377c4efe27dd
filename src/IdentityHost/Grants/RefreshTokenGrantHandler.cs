using IdentityHost.Accounts;
using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityHost.Grants;

/// <summary>
/// RFC 6749 §6 with rotation (RFC 9700 §4.14.2): every use redeems the presented token and returns a new one of
/// the same family; presenting a redeemed token again (after the reuse grace) revokes the whole family.
/// </summary>
public sealed partial class RefreshTokenGrantHandler(
    TokenStore store,
    ActiveUserCheck activeUsers,
    UserTokenIssuer issuer,
    RefreshTokenFactory refreshTokens,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    SecurityEvents events,
    ILogger<RefreshTokenGrantHandler> logger) : IGrantHandler
{
    private static readonly OAuthError Invalid = OAuthError.InvalidGrant("The refresh token is invalid, expired or revoked.");

    public string GrantType => GrantTypes.RefreshToken;

    public async Task<GrantResult> HandleAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var value = context.Parameters[Parameters.RefreshToken];
        if (value is null)
        {
            return OAuthError.InvalidRequest("The refresh_token parameter is missing.");
        }

        var grant = await store.FindWithGrantAsync(TokenTypes.RefreshToken, value, cancellationToken);
        var token = grant?.Token;
        // RFC 6749 §10.4: a refresh token is bound to the client it was issued to.
        if (token is null || token.ClientId != context.Client.ClientId || token.AuthorizationId is null || token.Subject is null)
        {
            return Invalid;
        }
        if (token.Status != TokenStatuses.Valid)
        {
            return await RejectReuseAsync(token, cancellationToken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (token.ExpiresAt <= now)
        {
            return Invalid;
        }

        // RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted.
        var original = new SortedSet<string>(token.Scopes.Where(context.Client.Scopes.Contains), StringComparer.Ordinal);
        if (context.RequestedScopes?.FirstOrDefault(s => !original.Contains(s)) is { } widened)
        {
            return OAuthError.InvalidScope($"The scope '{widened}' was not granted to this refresh token.");
        }
        var granted = context.RequestedScopes ?? original;

        var authorization = grant!.Authorization;
        if (authorization is null || authorization.Status != AuthorizationStatuses.Valid)
        {
            return Invalid;
        }
        if (grant.User is not { } user || !await activeUsers.IsActiveAsync(user, authorization.SecurityStampHash))
        {
            LogUserNoLongerActive(logger, token.Subject, authorization.Id);
            await store.RevokeAuthorizationAsync(authorization.Id, cancellationToken);
            return Invalid;
        }

        // One conditional write decides the race: exactly one request redeems the token and gets its successor.
        string? successor = null;
        var won = await store.InTransactionAsync(async () =>
        {
            if (!await store.TryRedeemAsync(token.Id, now, cancellationToken)) return false;
            // RFC 6749 §6: the new refresh token keeps the scope of the one it replaces.
            var (next, entity) = refreshTokens.Create(authorization, token.Scopes, token.AbsoluteExpiresAt ?? token.ExpiresAt);
            store.Add(entity);
            successor = next;
            return true;
        }, cancellationToken);
        if (!won)
        {
            var current = await store.FindByValueAsync(TokenTypes.RefreshToken, value, cancellationToken);
            return current is null ? Invalid : await RejectReuseAsync(current, cancellationToken);
        }

        // OIDC Core §12.2: a refreshed id_token keeps the sign-in's sub and auth_time.
        var signIn = new SignInFacts(authorization.AuthTime ?? authorization.CreatedAt, authorization.SessionId, Nonce: null,
            authorization.AuthenticationMethod, authorization.IdentityProvider);
        var (accessToken, expiresIn, idToken) = await issuer.IssueAccessAndIdentityAsync(context.Client, user, granted, authorization, signIn);
        return GrantResult.Success(new TokenResponse(user.Id, accessToken, expiresIn, ScopeSet.Format(granted), successor, idToken));
    }

    private async Task<OAuthError> RejectReuseAsync(TokenEntity token, CancellationToken cancellationToken)
    {
        var grace = options.Value.Tokens.RefreshTokenReuseGrace;
        var withinGrace = token.Status == TokenStatuses.Redeemed && token.RedeemedAt is { } redeemedAt
            && time.GetUtcNow().UtcDateTime <= redeemedAt + grace;
        if (token.Status == TokenStatuses.Redeemed && !withinGrace)
        {
            // RFC 9700 §4.14.2: a redeemed token presented again means it leaked; end the whole family.
            LogReplayDetected(logger, token.AuthorizationId!, token.ClientId);
            events.Record(AuditActors.Client(token.ClientId), AuditActions.RefreshTokenReused, token.AuthorizationId!,
                $"user {token.Subject}; the family is revoked");
            await store.RevokeAuthorizationAsync(token.AuthorizationId!, cancellationToken);
        }
        return Invalid;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Refresh token replay detected for authorization {AuthorizationId} of client {ClientId}; the family is revoked.")]
    private static partial void LogReplayDetected(ILogger logger, string authorizationId, string clientId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Refresh refused: user {UserId} is deleted, locked out or signed out everywhere; authorization {AuthorizationId} is revoked.")]
    private static partial void LogUserNoLongerActive(ILogger logger, string userId, string authorizationId);
}
