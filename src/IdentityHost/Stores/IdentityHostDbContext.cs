using IdentityHost.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>One context for Identity's tables and the protocol's: clients, authorizations, tokens, scopes, keys.</summary>
public sealed class IdentityHostDbContext(DbContextOptions<IdentityHostDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<ClientEntity> Clients => Set<ClientEntity>();
    public DbSet<AuthorizationEntity> Authorizations => Set<AuthorizationEntity>();
    public DbSet<TokenEntity> Tokens => Set<TokenEntity>();
    public DbSet<ScopeEntity> Scopes => Set<ScopeEntity>();
    public DbSet<SigningKeyEntity> SigningKeys => Set<SigningKeyEntity>();
    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();
    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new AuditEventConfiguration());

        builder.Entity<ClientEntity>(client =>
        {
            client.ToTable("Clients");
            client.Property(c => c.Id).HasMaxLength(64);
            client.Property(c => c.ClientId).HasMaxLength(200);
            client.HasIndex(c => c.ClientId).IsUnique();
            client.Property(c => c.SecretHash).HasMaxLength(200);
            client.Property(c => c.DisplayName).HasMaxLength(200);
            client.Property(c => c.Type).HasMaxLength(20);
            client.Property(c => c.ConsentType).HasMaxLength(20);
        });

        builder.Entity<AuthorizationEntity>(authorization =>
        {
            authorization.ToTable("Authorizations");
            authorization.Property(a => a.Id).HasMaxLength(64);
            authorization.Property(a => a.ClientId).HasMaxLength(200);
            authorization.Property(a => a.Subject).HasMaxLength(450);
            authorization.Property(a => a.Status).HasMaxLength(20);
            authorization.Property(a => a.Type).HasMaxLength(20);
            authorization.Property(a => a.SecurityStampHash).HasMaxLength(64);
            authorization.Property(a => a.SessionId).HasMaxLength(64);
            authorization.Property(a => a.AuthenticationMethod).HasMaxLength(20);
            authorization.Property(a => a.IdentityProvider).HasMaxLength(50);
            authorization.HasIndex(a => new { a.Subject, a.ClientId, a.Status });
        });

        builder.Entity<TokenEntity>(token =>
        {
            token.ToTable("Tokens");
            token.Property(t => t.Id).HasMaxLength(64);
            token.Property(t => t.Type).HasMaxLength(30);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.Property(t => t.Status).HasMaxLength(20);
            token.Property(t => t.ClientId).HasMaxLength(200);
            token.Property(t => t.Subject).HasMaxLength(450);
            token.Property(t => t.AuthorizationId).HasMaxLength(64);
            token.HasIndex(t => t.AuthorizationId);
            token.HasIndex(t => t.ExpiresAt);
            // The pruner deletes redeemed tokens by age (TokenPruner, rule 3).
            token.HasIndex(t => t.RedeemedAt);
            token.HasOne<AuthorizationEntity>().WithMany().HasForeignKey(t => t.AuthorizationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ScopeEntity>(scope =>
        {
            scope.ToTable("Scopes");
            scope.Property(s => s.Id).HasMaxLength(64);
            scope.Property(s => s.Name).HasMaxLength(200);
            scope.HasIndex(s => s.Name).IsUnique();
            scope.Property(s => s.Description).HasMaxLength(500);
        });

        builder.Entity<SigningKeyEntity>(key =>
        {
            key.ToTable("SigningKeys");
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.Algorithm).HasMaxLength(10);
            key.HasIndex(k => k.Generation).IsUnique();
        });

        builder.Entity<DataProtectionKeyEntity>(key =>
        {
            key.ToTable("DataProtectionKeys");
            key.Property(k => k.FriendlyName).HasMaxLength(200);
        });
    }
}
