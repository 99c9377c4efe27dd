using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityHost.Stores;

/// <summary>
/// One security event or administrative action: who did what to which thing, and when. Written by
/// <see cref="Admin.AuditLog"/> and <see cref="Audit.SecurityEvents"/>; never holds a secret, token or password.
/// </summary>
public sealed class AuditEventEntity
{
    public const int MaxActorLength = 450;
    public const int MaxSubjectLength = 450;
    public const int MaxDetailsLength = 500;

    /// <summary>An event with every text cut to its column's length.</summary>
    public static AuditEventEntity Create(DateTime occurredAt, string actor, string action, string subject, string details) => new()
    {
        OccurredAt = occurredAt,
        Actor = Cut(actor, MaxActorLength),
        Action = action,
        Subject = Cut(subject, MaxSubjectLength),
        Details = Cut(details, MaxDetailsLength),
    };

    private static string Cut(string value, int length) => value.Length > length ? value[..length] : value;

    /// <summary>Increasing with insertion, so events written in the same instant still list in order.</summary>
    public long Id { get; set; }
    /// <summary>UTC.</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>Who: a user id, <c>client:</c> and a client id, or one of <see cref="Admin.AuditActors"/>.</summary>
    public required string Actor { get; set; }
    /// <summary>One of <see cref="Admin.AuditActions"/>.</summary>
    public required string Action { get; set; }
    /// <summary>What was acted on: a user id, a client id, an authorization id or a key id.</summary>
    public required string Subject { get; set; }
    /// <summary>A short human-readable note (a username, the fields changed, the channel used).</summary>
    public string Details { get; set; } = "";
}

/// <summary>The <c>AuditEvents</c> table: read latest first, hence the index on <see cref="AuditEventEntity.OccurredAt"/>.</summary>
public sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEventEntity>
{
    public void Configure(EntityTypeBuilder<AuditEventEntity> audit)
    {
        audit.ToTable("AuditEvents");
        audit.Property(a => a.Actor).HasMaxLength(AuditEventEntity.MaxActorLength);
        audit.Property(a => a.Action).HasMaxLength(64);
        audit.Property(a => a.Subject).HasMaxLength(AuditEventEntity.MaxSubjectLength);
        audit.Property(a => a.Details).HasMaxLength(AuditEventEntity.MaxDetailsLength);
        audit.HasIndex(a => a.OccurredAt);
    }
}
