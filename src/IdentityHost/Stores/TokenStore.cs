using IdentityHost.Protocol;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>
/// Persistence for tokens and authorizations. State changes that decide a race are single conditional writes
/// whose affected-row count is the answer (never read-check-write), so they stay right across instances. Every write
/// goes through the <see cref="SqliteWriteGate"/>.
/// </summary>
public sealed class TokenStore(IdentityHostDbContext db, SqliteWriteGate gate)
{
    /// <summary>Set while this (per-request) store's write runs on the gate, so a write inside <see cref="InTransactionAsync"/>
    /// runs in place instead of queueing behind itself.</summary>
    private bool _holdingGate;

    public Task<TokenEntity?> FindByValueAsync(string type, string value, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(value);
        return db.Tokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash && t.Type == type, cancellationToken);
    }

    /// <summary>
    /// A code or refresh token with its authorization and its user, in one query: the three things every use of one
    /// checks (null when no such token is stored).
    /// </summary>
    public Task<StoredGrant?> FindWithGrantAsync(string type, string value, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(value);
        // Plain left joins on the primary keys. (FirstOrDefault in the projection made EF number every row of both
        // tables in a subquery: a full scan per request.)
        var grants =
            from t in db.Tokens.AsNoTracking()
            where t.Hash == hash && t.Type == type
            join a in db.Authorizations on t.AuthorizationId equals a.Id into authorizations
            from a in authorizations.DefaultIfEmpty()
            join u in db.Users on t.Subject equals u.Id into users
            from u in users.DefaultIfEmpty()
            select new StoredGrant(t, a, u);
        return grants.FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Marks a valid token redeemed; false when another request redeemed (or revoked) it first.</summary>
    public Task<bool> TryRedeemAsync(string tokenId, DateTime now, CancellationToken cancellationToken) =>
        WriteAsync(async () => await db.Tokens
            .Where(t => t.Id == tokenId && t.Status == TokenStatuses.Valid)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TokenStatuses.Redeemed).SetProperty(t => t.RedeemedAt, now), cancellationToken) == 1,
            cancellationToken);

    /// <summary>Revokes an authorization and every token issued under it.</summary>
    public Task RevokeAuthorizationAsync(string authorizationId, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            await db.Authorizations
                .Where(a => a.Id == authorizationId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AuthorizationStatuses.Revoked), cancellationToken);
            await db.Tokens
                .Where(t => t.AuthorizationId == authorizationId && t.Status != TokenStatuses.Revoked)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TokenStatuses.Revoked), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Revokes every authorization of a user and every token issued to the user; returns how many
    /// authorizations were still valid.</summary>
    public async Task<int> RevokeAuthorizationsOfSubjectAsync(string subject, CancellationToken cancellationToken)
    {
        var revoked = 0;
        await InTransactionAsync(async () =>
        {
            revoked = await db.Authorizations
                .Where(a => a.Subject == subject && a.Status != AuthorizationStatuses.Revoked)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AuthorizationStatuses.Revoked), cancellationToken);
            await db.Tokens
                .Where(t => t.Subject == subject && t.Status != TokenStatuses.Revoked)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TokenStatuses.Revoked), cancellationToken);
            return true;
        }, cancellationToken);
        return revoked;
    }

    /// <summary>Whether an access token's <c>jti</c> is on the deny list: one lookup on the unique Hash index.</summary>
    public Task<bool> IsAccessTokenRevokedAsync(string jwtId, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(jwtId);
        return db.Tokens.AsNoTracking().AnyAsync(t => t.Hash == hash && t.Type == TokenTypes.AccessToken, cancellationToken);
    }

    /// <summary>
    /// Puts an access token's <c>jti</c> on the deny list (a revoked <see cref="TokenTypes.AccessToken"/> row whose
    /// Hash is the jti's, kept until the token's <paramref name="expiresAt"/>). False when it was already there: the
    /// unique Hash index decides a race between two revocations.
    /// </summary>
    public async Task<bool> RevokeAccessTokenAsync(string jwtId, string clientId, string subject, string? authorizationId,
        DateTime expiresAt, DateTime now, CancellationToken cancellationToken)
    {
        var denied = new TokenEntity
        {
            Type = TokenTypes.AccessToken,
            Hash = TokenHasher.Hash(jwtId),
            Status = TokenStatuses.Revoked,
            ClientId = clientId,
            Subject = subject,
            AuthorizationId = authorizationId,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.Tokens.Add(denied);
        try
        {
            await SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.Entry(denied).State = EntityState.Detached;
            return false;
        }
    }

    public Task<ClientEntity?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);

    public Task<AuthorizationEntity?> FindAuthorizationAsync(string id, CancellationToken cancellationToken) =>
        db.Authorizations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public void Add(AuthorizationEntity authorization) => db.Authorizations.Add(authorization);

    public void Add(TokenEntity token) => db.Tokens.Add(token);

    public Task SaveChangesAsync(CancellationToken cancellationToken) =>
        WriteAsync(() => db.SaveChangesAsync(cancellationToken), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction; it commits only when work returns true.</summary>
    public Task<bool> InTransactionAsync(Func<Task<bool>> work, CancellationToken cancellationToken) =>
        WriteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await work())
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    private Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        _holdingGate ? write() : gate.WriteAsync(db, async () =>
        {
            _holdingGate = true;
            try
            {
                return await write();
            }
            finally
            {
                _holdingGate = false;
            }
        }, cancellationToken);
}
