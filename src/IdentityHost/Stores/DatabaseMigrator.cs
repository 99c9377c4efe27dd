using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IdentityHost.Stores;

/// <summary>
/// Applies the hand-written migrations (migrations/) of the active provider, and the SQLite settings that make
/// writers wait. Safe when several instances start at once.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The advisory-lock key IdentityHost's migrations hold on PostgreSQL ("IDHOSTMG" in ASCII).</summary>
    public const long PostgresMigrationLockKey = 0x4944484F53544D47;

    public static async Task MigrateAsync(IdentityHostDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while one writer commits; the mode is stored in the database file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            // EF Core 9+ serialises concurrent Migrate calls on SQLite with its __EFMigrationsLock table.
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }
        await MigratePostgresAsync(db, cancellationToken);
    }

    /// <summary>
    /// EF Core's own lock on PostgreSQL locks the history table, which the first instance has yet to create, so two
    /// instances starting on an empty database could both try to create it. A session-level advisory lock, taken on
    /// its own connection before anything else, lets exactly one instance migrate at a time; the others wait and
    /// then find nothing pending.
    /// </summary>
    private static async Task MigratePostgresAsync(IdentityHostDbContext db, CancellationToken cancellationToken)
    {
        await EnsureDatabaseExistsAsync(db, cancellationToken);
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", PostgresMigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            // Pooled connections keep session locks, so release explicitly rather than rely on closing.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", PostgresMigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The lock needs the database to exist; of instances creating it at once, the losers carry on.</summary>
    private static async Task EnsureDatabaseExistsAsync(IdentityHostDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
        }
    }
}
