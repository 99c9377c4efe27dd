using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Pruning;

/// <summary>
/// Writes tokens, authorizations and audit events straight into a host's database, each with a readable id and times
/// relative to the host's clock, and reads back which ids are left.
/// </summary>
public sealed class PruningRows(IdentityHostFactory factory)
{
    private readonly List<object> _pending = [];

    public DateTime Now => factory.Clock.GetUtcNow().UtcDateTime;

    public PruningRows Authorization(string id, TimeSpan age, string type = AuthorizationTypes.AdHoc, string status = AuthorizationStatuses.Valid)
    {
        _pending.Add(new AuthorizationEntity { Id = id, ClientId = "public-app", Subject = "user-1", Type = type, Status = status, CreatedAt = Now - age });
        return this;
    }

    /// <param name="expiresIn">Negative: expired that long ago.</param>
    /// <param name="redeemedAgo">Set: redeemed that long ago.</param>
    public PruningRows Token(string id, string? authorizationId, TimeSpan expiresIn, string type = TokenTypes.RefreshToken,
        string status = TokenStatuses.Valid, TimeSpan? redeemedAgo = null, TimeSpan? age = null)
    {
        _pending.Add(new TokenEntity
        {
            Id = id,
            Hash = id,
            Type = type,
            Status = redeemedAgo is null ? status : TokenStatuses.Redeemed,
            ClientId = "public-app",
            Subject = "user-1",
            AuthorizationId = authorizationId,
            CreatedAt = Now - (age ?? TimeSpan.FromHours(1)),
            ExpiresAt = Now + expiresIn,
            RedeemedAt = Now - redeemedAgo,
        });
        return this;
    }

    public PruningRows AuditEvent(string subject, TimeSpan age)
    {
        _pending.Add(new AuditEventEntity { OccurredAt = Now - age, Actor = "system", Action = "user.locked", Subject = subject });
        return this;
    }

    public async Task SaveAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        db.AddRange(_pending);
        await db.SaveChangesAsync();
        _pending.Clear();
    }

    public async Task<(string[] Tokens, string[] Authorizations, string[] AuditSubjects)> RemainingAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        return (await db.Tokens.Select(t => t.Id).OrderBy(i => i).ToArrayAsync(),
            await db.Authorizations.Select(a => a.Id).OrderBy(i => i).ToArrayAsync(),
            // Only the rows seeded here: the host records its own events too (its first signing key, key.created).
            await db.AuditEvents.Where(e => e.Action == "user.locked").Select(e => e.Subject).OrderBy(s => s).ToArrayAsync());
    }

    /// <summary>One pass of the pruner the host's container builds.</summary>
    public async Task<PruningResult> PruneAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TokenPruner>().PruneAsync(CancellationToken.None);
    }
}
