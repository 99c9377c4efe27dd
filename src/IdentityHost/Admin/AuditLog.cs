using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Admin;

/// <summary>The actions the audit log records; stable names, safe to filter on.</summary>
public static class AuditActions
{
    /// <summary>Every action, for the admin area's filter.</summary>
    public static readonly IReadOnlyList<string> All = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string UserSignedOutEverywhere = "user.signed_out_everywhere";
    public const string UserDeleted = "user.deleted";
    public const string ClientAdded = "client.added";
    public const string ClientUpdated = "client.updated";
    public const string ClientSecretRotated = "client.secret_rotated";
    public const string ClientRemoved = "client.removed";
    public const string AuthorizationRevoked = "authorization.revoked";

    // Security events of the request paths (Audit.SecurityEvents).
    public const string SignInSucceeded = "sign_in.succeeded";
    public const string SignInFailed = "sign_in.failed";
    public const string UserLockedOut = "user.locked_out";
    /// <summary>A client IP (or username and IP) used up a failure budget; later attempts get 429 for a while.</summary>
    public const string SignInThrottled = "sign_in.throttled";
    public const string ClientAuthenticationThrottled = "client_authentication.throttled";
    public const string TokensIssued = "tokens.issued";
    public const string RefreshTokenReused = "refresh_token.reused";
    public const string AuthorizationCodeReused = "authorization_code.reused";
    public const string TokenRevoked = "token.revoked";
    public const string PasswordChanged = "user.password_changed";
    public const string PasswordReset = "user.password_reset";

    // Signing-key lifecycle (Keys.SigningKeyLifecycle, keys verbs).
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
    /// <summary>Someone not (yet) identified: a failed sign-in under an unknown name.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>A client acting through a protocol endpoint.</summary>
    public static string Client(string clientId) => $"client:{clientId}";
}

/// <summary>
/// Writes each administrative action to the <c>AuditEvents</c> table (who, what, when, on what) and to the log as a
/// security event. Details are short notes chosen by the callers: never a secret, token or password.
/// </summary>
public sealed partial class AuditLog(IdentityHostDbContext db, TimeProvider time, ILogger<AuditLog> logger)
{
    /// <param name="details">A short note; the actor's channel is appended to it.</param>
    public Task WriteAsync(AdminActor actor, string action, string subject, string details, CancellationToken cancellationToken) =>
        RecordAsync(actor.Id, action, subject, details.Length == 0 ? $"via {actor.Channel}" : $"{details}; via {actor.Channel}", cancellationToken);

    /// <summary>Records a security event that no admin caused (<paramref name="actor"/>: a user id, a client, or <see cref="AuditActors.System"/>).</summary>
    public async Task RecordAsync(string actor, string action, string subject, string details, CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(AuditEventEntity.Create(time.GetUtcNow().UtcDateTime, actor, action, subject, details));
        await db.SaveChangesAsync(cancellationToken);
        LogAction(logger, actor, action, subject, details);
    }

    /// <summary>A page of the events, latest first; only those of one action and/or one subject when given.</summary>
    public async Task<PagedList<AuditEventEntity>> ReadAsync(int? pageNumber, int? size, CancellationToken cancellationToken,
        string? action = null, string? subject = null)
    {
        var (page, pageSize) = PagedList<AuditEventEntity>.Normalize(pageNumber, size);
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(action)) query = query.Where(e => e.Action == action);
        if (!string.IsNullOrEmpty(subject)) query = query.Where(e => e.Subject == subject);
        var total = await query.CountAsync(cancellationToken);
        var events = await query
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<AuditEventEntity>(events, page, pageSize, total);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Audit: {Actor} did {Action} on {Subject} ({Details}).")]
    private static partial void LogAction(ILogger logger, string actor, string action, string subject, string details);
}
