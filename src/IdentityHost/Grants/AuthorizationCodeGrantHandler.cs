using System.Text.Json;
using IdentityHost.Accounts;
using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Configuration;
using Microsoft.Extensions.Options;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;

namespace IdentityHost.Grants;

/// <summary>
/// RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5–4.6): exchange a code for tokens. The code is redeemed by one conditional
/// write before anything else is checked, so of concurrent redemptions exactly one proceeds, and a code that fails a
/// check (a wrong verifier, a different redirect URI) is spent: it can never be tried again.
/// </summary>
public sealed partial class AuthorizationCodeGrantHandler(
    TokenStore store,
    ActiveUserCheck activeUsers,
    UserTokenIssuer issuer,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    SecurityEvents events,
    ILogger<AuthorizationCodeGrantHandler> logger) : IGrantHandler
{
    private static readonly OAuthError Invalid = OAuthError.InvalidGrant("The authorization code is invalid, expired or already used.");

    public string GrantType => GrantTypes.AuthorizationCode;

    public async Task<GrantResult> HandleAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var value = context.Parameters[Parameters.Code];
        if (value is null)
        {
            return OAuthError.InvalidRequest("The code parameter is missing.");
        }
        // The scope of a code exchange is the one of the authorization request (RFC 6749 §4.1.3 has no scope).
        if (context.RequestedScopes is not null)
        {
            return OAuthError.InvalidRequest("The scope parameter is not allowed when exchanging a code.");
        }

        var grant = await store.FindWithGrantAsync(TokenTypes.AuthorizationCode, value, cancellationToken);
        var code = grant?.Token;
        // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
        if (code is null || code.ClientId != context.Client.ClientId || code.AuthorizationId is null || code.Subject is null || code.Payload is null)
        {
            return Invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!await store.TryRedeemAsync(code.Id, now, cancellationToken))
        {
            // A redemption racing the winning one (a client's retry) loses without harming the winner; a code used
            // again after the reuse grace was replayed, and RFC 6749 §4.1.2 revokes every token issued from it.
            var redeemed = await store.FindByValueAsync(TokenTypes.AuthorizationCode, value, cancellationToken);
            if (redeemed?.RedeemedAt is not { } redeemedAt || now > redeemedAt + options.Value.Tokens.RefreshTokenReuseGrace)
            {
                LogCodeReplayed(logger, context.Client.ClientId, code.AuthorizationId);
                events.Record(AuditActors.Client(context.Client.ClientId), AuditActions.AuthorizationCodeReused, code.AuthorizationId,
                    $"user {code.Subject}; the family is revoked");
                await store.RevokeAuthorizationAsync(code.AuthorizationId, cancellationToken);
            }
            return Invalid;
        }
        if (code.ExpiresAt <= now)
        {
            return Invalid;
        }

        var payload = JsonSerializer.Deserialize<AuthorizationCodePayload>(code.Payload)!;
        // RFC 6749 §4.1.3: redirect_uri must be identical to the one of the authorization request.
        if (context.Parameters[Parameters.RedirectUri] != payload.RedirectUri)
        {
            return OAuthError.InvalidGrant("The redirect_uri differs from the one of the authorization request.");
        }
        if (PkceError(payload.CodeChallenge, context.Parameters[Parameters.CodeVerifier]) is { } pkceError)
        {
            return pkceError;
        }

        var authorization = grant!.Authorization;
        if (authorization is null || authorization.Status != AuthorizationStatuses.Valid)
        {
            return Invalid;
        }
        if (grant.User is not { } user || !await activeUsers.IsActiveAsync(user, authorization.SecurityStampHash))
        {
            return Invalid;
        }

        var scopes = new SortedSet<string>(code.Scopes, StringComparer.Ordinal);
        var signIn = new SignInFacts(authorization.AuthTime ?? authorization.CreatedAt, authorization.SessionId, payload.Nonce,
            authorization.AuthenticationMethod, authorization.IdentityProvider);
        return GrantResult.Success(await issuer.IssueAsync(context.Client, user, scopes, authorization, signIn, cancellationToken));
    }

    private static OAuthError? PkceError(string? challenge, string? verifier)
    {
        if (challenge is null)
        {
            // RFC 9700 §4.8.2: a verifier for a code issued without a challenge means the code was injected.
            return verifier is null ? null : OAuthError.InvalidGrant("A code_verifier was sent, but no code_challenge was.");
        }
        if (verifier is null)
        {
            return OAuthError.InvalidGrant("The code_verifier parameter is missing.");
        }
        if (!Pkce.IsWellFormedVerifier(verifier))
        {
            return OAuthError.InvalidGrant("The code_verifier is malformed.");
        }
        return Pkce.Verify(verifier, challenge) ? null : OAuthError.InvalidGrant("The code_verifier does not match the code_challenge.");
    }

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Authorization code replayed by client {ClientId}; authorization {AuthorizationId} and its tokens are revoked.")]
    private static partial void LogCodeReplayed(ILogger logger, string clientId, string authorizationId);
}
