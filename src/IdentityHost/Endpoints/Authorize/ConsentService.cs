using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Endpoints.Authorize;

/// <summary>
/// Remembered consent: a permanent authorization per user and client, holding the scopes the user allowed. The user
/// is asked again only for scopes beyond those.
/// </summary>
public sealed class ConsentService(IdentityHostDbContext db, TimeProvider time)
{
    /// <summary>Clients with explicit consent ask; so do public clients, always, since anyone can claim to be one.</summary>
    public static bool RequiresConsent(ClientEntity client) =>
        client.ConsentType == ConsentTypes.Explicit || client.Type == ClientTypes.Public;

    public async Task<bool> HasConsentAsync(string userId, ClientEntity client, IReadOnlySet<string> scopes, CancellationToken cancellationToken)
    {
        var granted = await FindAsync(userId, client.ClientId, cancellationToken);
        return granted is not null && scopes.All(granted.Scopes.Contains);
    }

    public async Task GrantAsync(string userId, ClientEntity client, IReadOnlySet<string> scopes, CancellationToken cancellationToken)
    {
        var authorization = await db.Authorizations.FirstOrDefaultAsync(a => a.Subject == userId && a.ClientId == client.ClientId
            && a.Type == AuthorizationTypes.Permanent && a.Status == AuthorizationStatuses.Valid, cancellationToken);
        if (authorization is null)
        {
            db.Authorizations.Add(new AuthorizationEntity
            {
                ClientId = client.ClientId,
                Subject = userId,
                Type = AuthorizationTypes.Permanent,
                Scopes = scopes.Order(StringComparer.Ordinal).ToList(),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
        }
        else
        {
            authorization.Scopes = authorization.Scopes.Union(scopes).Order(StringComparer.Ordinal).ToList();
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<AuthorizationEntity?> FindAsync(string userId, string clientId, CancellationToken cancellationToken) =>
        db.Authorizations.AsNoTracking().FirstOrDefaultAsync(a => a.Subject == userId && a.ClientId == clientId
            && a.Type == AuthorizationTypes.Permanent && a.Status == AuthorizationStatuses.Valid, cancellationToken);
}
