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
