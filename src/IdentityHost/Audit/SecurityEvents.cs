using IdentityHost.Admin;
using IdentityHost.Stores;

namespace IdentityHost.Audit;

/// <summary>
/// The audit trail of the request paths — sign-ins, lockouts, token issuance, replays, revocations, password
/// changes — queued to <see cref="AuditWriter"/> so that recording never slows the request. Each record notes where
/// the request came from (client IP and path). Call sites log the same event with their own <c>[LoggerMessage]</c>;
/// this class only stores it. Never pass a password, secret, code or token value.
/// </summary>
public sealed class SecurityEvents(AuditWriter writer, TimeProvider time, IHttpContextAccessor http)
{
    public void Record(string actor, string action, string subject, string details)
    {
        if (http.HttpContext is { } context)
        {
            details = $"{details}; from {context.Connection.RemoteIpAddress?.ToString() ?? "unknown address"} at {context.Request.Path}";
        }
        writer.Enqueue(AuditEventEntity.Create(time.GetUtcNow().UtcDateTime, actor, action, subject, details));
    }
}
