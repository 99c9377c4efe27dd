using IdentityHost.Protocol;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>
/// Persistence for tokens and authorizations. State changes that decide a race are single conditional writes
/// whose affected-row count is the answer (never read-check-write), so they stay right across instances.
/// </summary>
public sealed class TokenStore(IdentityHostDbContext db)
{
    public Task<TokenEntity?> FindByValueAsync(string type, string value, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(value);
        return db.Tokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash && t.Type == type, cancellationToken);
    }

    /// <summary>Marks a valid token redeemed; false when another request redeemed (or revoked) it first.</summary>
    public async Task<bool> TryRedeemAsync(string tokenId, DateTime now, CancellationToken cancellationToken) =>
        await db.Tokens
            .Where(t => t.Id == tokenId && t.Status == TokenStatuses.Valid)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TokenStatuses.Redeemed).SetProperty(t => t.RedeemedAt, now), cancellationToken) == 1;

    /// <summary>Revokes an authorization and every token issued under it.</summary>
    public async Task RevokeAuthorizationAsync(string authorizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Authorizations
            .Where(a => a.Id == authorizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AuthorizationStatuses.Revoked), cancellationToken);
        await db.Tokens
            .Where(t => t.AuthorizationId == authorizationId && t.Status != TokenStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TokenStatuses.Revoked), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Revokes every authorization of a user and every token issued to the user; returns how many
    /// authorizations were still valid.</summary>
    public async Task<int> RevokeAuthorizationsOfSubjectAsync(string subject, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var revoked = await db.Authorizations
            .Where(a => a.Subject == subject && a.Status != AuthorizationStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AuthorizationStatuses.Revoked), cancellationToken);
        await db.Tokens
            .Where(t => t.Subject == subject && t.Status != TokenStatuses.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TokenStatuses.Revoked), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
            await db.SaveChangesAsync(cancellationToken);
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

    public Task SaveChangesAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction; it commits only when work returns true.</summary>
    public async Task<bool> InTransactionAsync(Func<Task<bool>> work, CancellationToken cancellationToken)
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
    }
}
