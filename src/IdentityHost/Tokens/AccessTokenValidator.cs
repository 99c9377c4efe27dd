using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Grants;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tokens;

/// <summary>
/// Validates one of this server's own access tokens (RFC 9068 §4) for use at its own endpoints (userinfo, admin API,
/// introspection, revocation): a signed <c>at+jwt</c> from our published keys and issuer, for us as audience (unless
/// the caller asks otherwise), unexpired on the injected clock; then its <c>jti</c> must not be revoked (RFC 7009) and
/// the grant behind it must still stand. Costs one indexed deny-list lookup plus at most the authorization and user
/// lookups.
/// </summary>
public sealed partial class AccessTokenValidator(
    SigningKeyManager keys,
    TokenStore store,
    ClientCache clients,
    ActiveUserCheck activeUsers,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    ILogger<AccessTokenValidator> logger)
{
    /// <summary>Allowance for clock drift between instances of this server.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>RFC 8725 §3.1–3.2: only the asymmetric algorithms we sign with; never <c>none</c>, never HS* (whose
    /// "secret" could be our public key).</summary>
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    private static readonly JsonWebTokenHandler Handler = new();

    /// <param name="requireOwnAudience">True (the default) for tokens used at this server's own endpoints, which must
    /// name this server in <c>aud</c>; false for introspection and revocation, which speak about every access token we
    /// issued, including those only for an API.</param>
    public async Task<AccessTokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken, bool requireOwnAudience = true)
    {
        var result = await Handler.ValidateTokenAsync(token, Parameters(requireOwnAudience));
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            var reason = result.Exception is SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException
                ? AccessTokenRejection.Expired
                : AccessTokenRejection.Invalid;
            LogRejected(logger, reason, result.Exception?.GetType().Name);
            return AccessTokenValidationResult.Rejected(reason);
        }

        // RFC 9068 §2.2: sub, client_id and jti are required.
        if (!jwt.TryGetPayloadValue<string>(Claims.Subject, out var subject) || string.IsNullOrEmpty(subject)
            || !jwt.TryGetPayloadValue<string>(Claims.ClientId, out var clientId) || string.IsNullOrEmpty(clientId)
            || !jwt.TryGetPayloadValue<string>(Claims.JwtId, out var jwtId) || string.IsNullOrEmpty(jwtId))
        {
            LogRejected(logger, AccessTokenRejection.Invalid, "MissingClaim");
            return AccessTokenValidationResult.Rejected(AccessTokenRejection.Invalid);
        }
        // RFC 7009 §2: a revoked access token's jti is denied until the token would have expired.
        if (await store.IsAccessTokenRevokedAsync(jwtId, cancellationToken))
        {
            LogRevokedJwtId(logger, clientId);
            return AccessTokenValidationResult.Rejected(AccessTokenRejection.Revoked);
        }
        // A removed client's tokens end with it at this server's endpoints (its grants were deleted with it; a
        // client's own tokens have none). Resources, validating locally, honours them until they expire.
        if (await clients.GetAsync(clientId, () => store.FindClientAsync(clientId, cancellationToken)) is null)
        {
            LogRemovedClient(logger, clientId);
            return AccessTokenValidationResult.Rejected(AccessTokenRejection.Revoked);
        }
        jwt.TryGetPayloadValue<string>(Claims.Scope, out var scope);
        ScopeSet.TryParse(scope, out var scopes);
        jwt.TryGetPayloadValue<string>(Claims.AuthorizationId, out var authorizationId);

        // A client's own token (RFC 6749 §4.4) has no user and no family.
        if (subject.StartsWith(ClientCredentialsGrantHandler.SubjectPrefix, StringComparison.Ordinal))
        {
            if (subject != ClientCredentialsGrantHandler.SubjectPrefix + clientId || authorizationId is not null)
            {
                LogRejected(logger, AccessTokenRejection.Invalid, "ClientSubjectMismatch");
                return AccessTokenValidationResult.Rejected(AccessTokenRejection.Invalid);
            }
            return AccessTokenValidationResult.Valid(new ValidatedAccessToken(subject, clientId, scopes, null, null, jwt));
        }

        ApplicationUser? user;
        if (authorizationId is not null)
        {
            // RFC 9700 §4.14.2: revoking a family (refresh token replay, logout, revocation) ends its access tokens
            // here too, though resource servers that only check signatures accept them until they expire.
            var authorization = await store.FindAuthorizationAsync(authorizationId, cancellationToken);
            if (authorization is null || authorization.Status != AuthorizationStatuses.Valid
                || authorization.Subject != subject || authorization.ClientId != clientId)
            {
                LogRevokedAuthorization(logger, authorizationId, clientId);
                return AccessTokenValidationResult.Rejected(AccessTokenRejection.Revoked);
            }
            user = await activeUsers.FindActiveAsync(subject, authorization.SecurityStampHash);
        }
        else
        {
            user = await activeUsers.FindUnlockedAsync(subject);
        }
        if (user is null)
        {
            LogInactiveUser(logger, subject, clientId);
            return AccessTokenValidationResult.Rejected(AccessTokenRejection.InactiveUser);
        }

        return AccessTokenValidationResult.Valid(new ValidatedAccessToken(subject, clientId, scopes, authorizationId, user, jwt));
    }

    private TokenValidationParameters Parameters(bool requireOwnAudience)
    {
        var issuer = options.Value.Issuer;
        return new TokenValidationParameters
        {
            IssuerSigningKeys = keys.Published.Select(k => k.Credentials.Key),
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            // RFC 9068 §4: typ must be at+jwt, so an id_token signed by the same key is never taken as an access token.
            ValidTypes = [TokenTypeNames.AccessTokenJwt],
            // The issuer is an identifier compared byte for byte (RFC 8414 §3.3): no trailing-slash leniency.
            ValidIssuer = issuer,
            IssuerValidator = (actual, _, _) => string.Equals(actual, issuer, StringComparison.Ordinal)
                ? actual
                : throw new SecurityTokenInvalidIssuerException("The token's issuer is not this server."),
            // RFC 9068 §4: this server is an audience only of tokens granted openid, the admin scope, or no API scope.
            ValidAudience = issuer,
            // Introspection and revocation: any audience, but RFC 9068 §2.2 still requires one.
            AudienceValidator = requireOwnAudience
                ? null
                : (audiences, _, _) => audiences.Any(a => !string.IsNullOrEmpty(a)),
            RequireExpirationTime = true,
            LifetimeValidator = IsWithinLifetime,
            ClockSkew = ClockSkew,
        };
    }

    /// <summary>RFC 7519 §4.1.4–4.1.5 on the injected clock, so expiry is the same in tests and behind a fake clock.</summary>
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp + ClockSkew && (notBefore is not { } nbf || nbf <= now + ClockSkew);
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Access token refused ({Reason}, {Detail}).")]
    private static partial void LogRejected(ILogger logger, AccessTokenRejection reason, string? detail);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Access token of client {ClientId} refused: its authorization {AuthorizationId} is revoked or gone.")]
    private static partial void LogRevokedAuthorization(ILogger logger, string authorizationId, string clientId);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Information, Message = "Access token of client {ClientId} refused: the client was removed.")]
    private static partial void LogRemovedClient(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "Access token of client {ClientId} refused: it was revoked.")]
    private static partial void LogRevokedJwtId(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Access token of client {ClientId} refused: user {UserId} is deleted, locked out or signed out everywhere.")]
    private static partial void LogInactiveUser(ILogger logger, string userId, string clientId);
}
