using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>Persistence of the signing keys; the lifecycle rules are in Keys/. Every write is conditional or unique.</summary>
public sealed class SigningKeyStore(IdentityHostDbContext db)
{
    public Task<List<SigningKeyEntity>> ListAsync(CancellationToken cancellationToken) =>
        db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// Inserts <paramref name="next"/> and sets the removal time of the keys it retires, in one transaction. False when
    /// another instance inserted the same generation first (DESIGN.md §6: the unique index decides, not a read).
    /// </summary>
    public async Task<bool> TryAddAsync(SigningKeyEntity next, IReadOnlyCollection<string> retiredKeyIds, DateTime retiredKeysRemovedAt,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (retiredKeyIds.Count > 0)
            {
                await db.SigningKeys.Where(k => retiredKeyIds.Contains(k.Id) && k.RemovedAt == null)
                    .ExecuteUpdateAsync(k => k.SetProperty(x => x.RemovedAt, retiredKeysRemovedAt), cancellationToken);
            }
            db.SigningKeys.Add(next);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Sets a removal time only if none is set; true if this call set it.</summary>
    public async Task<bool> TrySetRemovedAtAsync(string keyId, DateTime removedAt, CancellationToken cancellationToken) =>
        await db.SigningKeys.Where(k => k.Id == keyId && k.RemovedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RemovedAt, removedAt), cancellationToken) == 1;

    /// <summary>Deletes the key (its encrypted private key with it); true if this call deleted it.</summary>
    public async Task<bool> TryDeleteAsync(string keyId, CancellationToken cancellationToken) =>
        await db.SigningKeys.Where(k => k.Id == keyId).ExecuteDeleteAsync(cancellationToken) == 1;
}
