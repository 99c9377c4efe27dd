using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>Applies the hand-written migrations (migrations/) and the SQLite settings that make writers wait.</summary>
public static class DatabaseMigrator
{
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
        }
        await db.Database.MigrateAsync(cancellationToken);
    }
}
