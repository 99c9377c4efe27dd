using System.Security.Cryptography;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Stores;

/// <summary>
/// Upserts the <c>Scopes</c> and <c>Clients</c> of configuration into the store at start-up. Clients added with
/// the <c>clients</c> verb are left alone; a configured client overwrites a stored one of the same id.
/// </summary>
public sealed partial class CatalogSeeder(
    IdentityHostDbContext db,
    IOptions<CatalogOptions> catalog,
    TimeProvider time,
    RandomNumberGenerator random,
    ILogger<CatalogSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await UpsertAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance starting at the same moment inserted the same scope or client first (SaveChanges rolled
            // back all of ours): upsert again, now as updates.
            db.ChangeTracker.Clear();
            await UpsertAsync(cancellationToken);
        }
        LogSeeded(logger, catalog.Value.Clients.Count, catalog.Value.Scopes.Count);
    }

    private async Task UpsertAsync(CancellationToken cancellationToken)
    {
        foreach (var scope in catalog.Value.Scopes)
        {
            var entity = await db.Scopes.FirstOrDefaultAsync(s => s.Name == scope.Name, cancellationToken);
            if (entity is null)
            {
                entity = new ScopeEntity { Name = scope.Name };
                db.Scopes.Add(entity);
            }
            entity.Description = scope.Description ?? "";
            entity.Resources = scope.Resources.ToList();
        }

        foreach (var client in catalog.Value.Clients)
        {
            var entity = await db.Clients.FirstOrDefaultAsync(c => c.ClientId == client.ClientId, cancellationToken);
            if (entity is null)
            {
                entity = new ClientEntity
                {
                    ClientId = client.ClientId, Type = client.Type, ConsentType = client.ConsentType,
                    CreatedAt = time.GetUtcNow().UtcDateTime,
                };
                db.Clients.Add(entity);
            }
            Apply(client, entity, random);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Copies a registration onto a stored client, hashing the secret (re-hashed only when it changed).</summary>
    public static void Apply(ClientOptions client, ClientEntity entity, RandomNumberGenerator random)
    {
        ApplySettings(client, entity);
        if (string.IsNullOrEmpty(client.ClientSecret))
        {
            entity.SecretHash = null;
        }
        else if (entity.SecretHash is null || !SecretHasher.Verify(client.ClientSecret, entity.SecretHash))
        {
            entity.SecretHash = SecretHasher.Hash(client.ClientSecret, random);
        }
    }

    /// <summary>Copies everything but the secret: what an edit in the admin area changes.</summary>
    public static void ApplySettings(ClientOptions client, ClientEntity entity)
    {
        entity.Type = client.Type;
        entity.DisplayName = client.DisplayName ?? client.ClientId;
        entity.ConsentType = client.ConsentType;
        entity.RequirePkce = client.RequirePkce;
        entity.RedirectUris = client.RedirectUris.ToList();
        entity.PostLogoutRedirectUris = client.PostLogoutRedirectUris.ToList();
        entity.GrantTypes = client.GrantTypes.ToList();
        entity.Scopes = client.Scopes.ToList();
        entity.Permissions = client.Permissions.ToList();
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Configuration upserted {ClientCount} clients and {ScopeCount} scopes.")]
    private static partial void LogSeeded(ILogger logger, int clientCount, int scopeCount);
}
