namespace IdentityHost.Configuration;

/// <summary>The <c>IdentityHost:Audit</c> section.</summary>
public sealed class AuditOptions
{
    /// <summary>How long audit events are kept before the pruning service deletes them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
