using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IdentityHost.Stores;

/// <summary>
/// One administrative action: who did what to which thing, and when. Written by <see cref="Admin.AuditLog"/>;
/// never holds a secret, token or password.
/// </summary>
public sealed class AuditEventEntity
{
    /// <summary>Increasing with insertion, so events written in the same instant still list in order.</summary>
    public long Id { get; set; }
    /// <summary>UTC.</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>The user id of the admin, or <see cref="Admin.AuditActors.System"/> for the command line.</summary>
    public required string Actor { get; set; }
    /// <summary>One of <see cref="Admin.AuditActions"/>.</summary>
    public required string Action { get; set; }
    /// <summary>What was acted on: a user id, a client id or an authorization id.</summary>
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
        audit.Property(a => a.Actor).HasMaxLength(450);
        audit.Property(a => a.Action).HasMaxLength(64);
        audit.Property(a => a.Subject).HasMaxLength(450);
        audit.Property(a => a.Details).HasMaxLength(500);
        audit.HasIndex(a => a.OccurredAt);
    }
}
