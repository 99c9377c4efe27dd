using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Admin;

/// <summary>An active authorization as the admin area lists it; <paramref name="UserName"/> is null for a deleted user.</summary>
public sealed record AuthorizationSummary(
    string Id, string ClientId, string UserId, string? UserName, IReadOnlyList<string> Scopes, string Type, DateTime CreatedAt);

/// <summary>
/// Users' grants to clients: listing the active ones (by user or by client) and revoking one, which ends its
/// codes and refresh tokens (and its access tokens at this server's own endpoints). Revocations are audited.
/// </summary>
public sealed class AuthorizationAdministration(IdentityHostDbContext db, TokenStore store, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Valid authorizations that still do something: a remembered consent, or a family with a usable code or
    /// refresh token. Latest first; filtered by user id and/or client id when given.
    /// </summary>
    public async Task<PagedList<AuthorizationSummary>> ListActiveAsync(string? userId, string? clientId, int? pageNumber, int? size,
        CancellationToken cancellationToken)
    {
        var (page, pageSize) = PagedList<AuthorizationSummary>.Normalize(pageNumber, size);
        var now = time.GetUtcNow().UtcDateTime;
        var query = db.Authorizations.AsNoTracking().Where(a => a.Status == AuthorizationStatuses.Valid
            && (a.Type == AuthorizationTypes.Permanent
                || db.Tokens.Any(t => t.AuthorizationId == a.Id && t.Status == TokenStatuses.Valid && t.ExpiresAt > now)));
        if (!string.IsNullOrEmpty(userId)) query = query.Where(a => a.Subject == userId);
        if (!string.IsNullOrEmpty(clientId)) query = query.Where(a => a.ClientId == clientId);

        var total = await query.CountAsync(cancellationToken);
        var found = await query.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var subjects = found.Select(a => a.Subject).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => subjects.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName, cancellationToken);
        var items = found.Select(a => new AuthorizationSummary(a.Id, a.ClientId, a.Subject, names.GetValueOrDefault(a.Subject),
            a.Scopes, a.Type, a.CreatedAt)).ToList();
        return new PagedList<AuthorizationSummary>(items, page, pageSize, total);
    }

    /// <summary>Revokes a valid authorization and every token issued under it.</summary>
    public async Task<AdminResult> RevokeAsync(string authorizationId, AdminActor actor, CancellationToken cancellationToken)
    {
        var authorization = await store.FindAuthorizationAsync(authorizationId, cancellationToken);
        if (authorization is null || authorization.Status != AuthorizationStatuses.Valid)
        {
            return AdminResult.NotFound;
        }
        await store.RevokeAuthorizationAsync(authorization.Id, cancellationToken);
        await audit.WriteAsync(actor, AuditActions.AuthorizationRevoked, authorization.Id,
            $"user {authorization.Subject}, client '{authorization.ClientId}'", cancellationToken);
        return AdminResult.Done;
    }
}
