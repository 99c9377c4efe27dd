using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Admin;

/// <summary>The actions the audit log records; stable names, safe to filter on.</summary>
public static class AuditActions
{
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string UserSignedOutEverywhere = "user.signed_out_everywhere";
    public const string UserDeleted = "user.deleted";
    public const string ClientAdded = "client.added";
    public const string ClientUpdated = "client.updated";
    public const string ClientSecretRotated = "client.secret_rotated";
    public const string ClientRemoved = "client.removed";
    public const string AuthorizationRevoked = "authorization.revoked";
    public const string KeyCreated = "key.created";
    public const string KeyRetired = "key.retired";
    public const string KeyRemoved = "key.removed";
    public const string KeyRotated = "key.rotated";
    public const string KeyRevoked = "key.revoked";
}

/// <summary>Actors that are not an admin user.</summary>
public static class AuditActors
{
    /// <summary>The operator at the command line (the verbs run with the server's own rights).</summary>
    public const string System = "system";
}

/// <summary>
/// Writes each administrative action to the <c>AuditEvents</c> table (who, what, when, on what) and to the log as a
/// security event. Details are short notes chosen by the callers: never a secret, token or password.
/// </summary>
public sealed partial class AuditLog(IdentityHostDbContext db, TimeProvider time, ILogger<AuditLog> logger)
{
    private const int MaxDetailsLength = 500;

    /// <param name="details">A short note; the actor's channel is appended to it.</param>
    public Task WriteAsync(AdminActor actor, string action, string subject, string details, CancellationToken cancellationToken) =>
        RecordAsync(actor.Id, action, subject, details.Length == 0 ? $"via {actor.Channel}" : $"{details}; via {actor.Channel}", cancellationToken);

    /// <summary>Records a security event that no admin caused (<paramref name="actor"/>: a user id, a client, or <see cref="AuditActors.System"/>).</summary>
    public async Task RecordAsync(string actor, string action, string subject, string details, CancellationToken cancellationToken)
    {
        if (details.Length > MaxDetailsLength) details = details[..MaxDetailsLength];
        db.AuditEvents.Add(new AuditEventEntity
        {
            OccurredAt = time.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = action,
            Subject = subject,
            Details = details,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogAction(logger, actor, action, subject, details);
    }

    /// <summary>A page of the events, latest first.</summary>
    public async Task<PagedList<AuditEventEntity>> ReadAsync(int? pageNumber, int? size, CancellationToken cancellationToken)
    {
        var (page, pageSize) = PagedList<AuditEventEntity>.Normalize(pageNumber, size);
        var total = await db.AuditEvents.CountAsync(cancellationToken);
        var events = await db.AuditEvents.AsNoTracking()
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<AuditEventEntity>(events, page, pageSize, total);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Audit: {Actor} did {Action} on {Subject} ({Details}).")]
    private static partial void LogAction(ILogger logger, string actor, string action, string subject, string details);
}
