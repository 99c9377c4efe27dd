using IdentityHost.Configuration;
using IdentityHost.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Stores;

/// <summary>What one pruning pass deleted, by rule (see <see cref="TokenPruner"/>).</summary>
public sealed record PruningResult(
    int ExpiredTokens,
    int ExpiredDeniedAccessTokens,
    int RedeemedTokens,
    int RevokedFamilyTokens,
    int RevokedAuthorizations,
    int EmptyAuthorizations,
    int AuditEvents);

/// <summary>
/// Deletes what can no longer be used, oldest first, in statements of at most <see cref="PruningOptions.BatchSize"/>
/// rows. What one pass deletes (everything else is alive and kept):
/// <list type="number">
/// <item>Codes and refresh tokens whose <c>ExpiresAt</c> passed more than an access-token lifetime (+ clock skew) ago.
/// A replay of an expired token is refused anyway; the margin keeps the row, and so its authorization (rule 6), until
/// every access token issued alongside it has expired — those name the authorization, and are refused once it is gone.</item>
/// <item>Denied access-token ids (<c>jti</c>) whose <c>ExpiresAt</c> (the token's <c>exp</c> + clock skew) passed:
/// the token itself is refused as expired by then.</item>
/// <item>Codes and refresh tokens redeemed more than <see cref="PruningOptions.RedeemedTokenRetention"/> ago. Until
/// then a replay revokes the family (RFC 9700 §4.14.2); after, it is still refused, as an unknown token.</item>
/// <item>The tokens of revoked authorizations created more than that retention ago: every token of a revoked family
/// is itself revoked, and refused the same whether it is stored or not.</item>
/// <item>Those revoked authorizations (a revoked remembered consent too); access tokens naming one are refused
/// either way. Their tokens go first (rule 4) so the cascade never deletes more than a batch.</item>
/// <item>Ad-hoc authorizations with no token left, created more than code lifetime + access-token lifetime + clock
/// skew ago. Their first token is inserted in the same transaction (AuthorizationCodeIssuer, UserTokenIssuer), so
/// an empty one was emptied by the rules above; the age still guards a writer that would insert the token later
/// (milliseconds against minutes), and outlasts every access token exchanged for its code, even when rule 3 deleted
/// the code sooner.</item>
/// <item>Audit events older than <see cref="AuditOptions.Retention"/>.</item>
/// </list>
/// Valid remembered consents (permanent authorizations) are never deleted.
/// </summary>
public sealed partial class TokenPruner(
    IdentityHostDbContext db,
    SqliteWriteGate gate,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    ILogger<TokenPruner> logger)
{
    public async Task<PruningResult> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var accessTokenMargin = settings.Tokens.AccessTokenLifetime + AccessTokenValidator.ClockSkew;
        var expiredBefore = now - accessTokenMargin;
        var retainedSince = now - settings.Pruning.RedeemedTokenRetention;
        var emptySince = now - settings.Tokens.AuthorizationCodeLifetime - accessTokenMargin;
        var auditSince = now - settings.Audit.Retention;

        var expired = await DeleteTokensAsync(db.Tokens
            .Where(t => t.Type != TokenTypes.AccessToken && t.ExpiresAt < expiredBefore)
            .OrderBy(t => t.ExpiresAt), cancellationToken);
        var expiredDenied = await DeleteTokensAsync(db.Tokens
            .Where(t => t.Type == TokenTypes.AccessToken && t.ExpiresAt < now)
            .OrderBy(t => t.ExpiresAt), cancellationToken);
        var redeemed = await DeleteTokensAsync(db.Tokens
            .Where(t => t.RedeemedAt < retainedSince)
            .OrderBy(t => t.RedeemedAt), cancellationToken);

        var revokedAuthorizations = db.Authorizations
            .Where(a => a.Status == AuthorizationStatuses.Revoked && a.CreatedAt < retainedSince);
        var revokedIds = revokedAuthorizations.Select(a => a.Id);
        var revokedFamilyTokens = await DeleteTokensAsync(db.Tokens
            .Where(t => revokedIds.Contains(t.AuthorizationId!))
            .OrderBy(t => t.AuthorizationId), cancellationToken);
        var revoked = await DeleteAuthorizationsAsync(revokedAuthorizations.OrderBy(a => a.CreatedAt), cancellationToken);

        var empty = await DeleteAuthorizationsAsync(db.Authorizations
            .Where(a => a.Type == AuthorizationTypes.AdHoc && a.CreatedAt < emptySince && !db.Tokens.Any(t => t.AuthorizationId == a.Id))
            .OrderBy(a => a.CreatedAt), cancellationToken);

        var audit = await InBatchesAsync(size =>
        {
            var batch = db.AuditEvents.Where(e => e.OccurredAt < auditSince).OrderBy(e => e.OccurredAt).Select(e => e.Id).Take(size);
            return db.AuditEvents.Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }, cancellationToken);

        var result = new PruningResult(expired, expiredDenied, redeemed, revokedFamilyTokens, revoked, empty, audit);
        LogPruned(logger, expired, expiredDenied, redeemed, revokedFamilyTokens, revoked, empty, audit);
        return result;
    }

    private Task<int> DeleteTokensAsync(IQueryable<TokenEntity> dead, CancellationToken cancellationToken) =>
        InBatchesAsync(size =>
        {
            var batch = dead.Select(t => t.Id).Take(size);
            return db.Tokens.Where(t => batch.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
        }, cancellationToken);

    private Task<int> DeleteAuthorizationsAsync(IQueryable<AuthorizationEntity> dead, CancellationToken cancellationToken) =>
        InBatchesAsync(size =>
        {
            var batch = dead.Select(a => a.Id).Take(size);
            return db.Authorizations.Where(a => batch.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Deletes batch after batch until one comes back short. Each is its own short write; between them,
    /// other writers get the lock for at least as long as the batch held it.</summary>
    private async Task<int> InBatchesAsync(Func<int, Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        var size = options.Value.Pruning.BatchSize;
        var total = 0;
        while (true)
        {
            var started = time.GetTimestamp();
            var deleted = await gate.WriteAsync(db, () => deleteBatch(size), cancellationToken);
            total += deleted;
            if (deleted < size)
            {
                return total;
            }
            await Task.Delay(time.GetElapsedTime(started), time, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 2701, Level = LogLevel.Information, Message = "Pruned {Expired} expired codes and refresh tokens, {ExpiredDenied} expired denied access-token ids, {Redeemed} redeemed tokens past retention, {RevokedFamilyTokens} tokens and {Revoked} revoked authorizations past retention, {Empty} empty ad-hoc authorizations, {Audit} audit events past retention.")]
    private static partial void LogPruned(ILogger logger, int expired, int expiredDenied, int redeemed, int revokedFamilyTokens, int revoked, int empty, int audit);
}
