using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace IdentityHost.Stores;

/// <summary>
/// Per-connection SQLite settings.
/// <list type="bullet">
/// <item><c>synchronous=NORMAL</c>: with WAL, durable across application crashes, without an fsync on every commit.</item>
/// <item><c>busy_timeout</c> = the connection string's <c>Default Timeout</c> (30 s unless set): a writer finding the
/// database locked waits inside SQLite, which retries after 1, 2, 5, 10… ms. Without it Microsoft.Data.Sqlite's own
/// retry sleeps 150 ms between attempts, which under 64 concurrent refreshes made the p99 hundreds of milliseconds.
/// Either way a lock held past the timeout fails the command (answered 503).</item>
/// <item><c>journal_size_limit</c>: after a checkpoint, the WAL file is cut back to 16 MiB, so a burst of writes does
/// not leave the file at its high-water mark for good.</item>
/// </list>
/// They belong to the native connection, which Microsoft.Data.Sqlite's pool keeps between opens: each is configured on
/// its first open only (running the statement on every open cost about 1% of a token request).
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    private const long JournalSizeLimitBytes = 16 * 1024 * 1024;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static readonly ConditionalWeakTable<sqlite3, object> Configured = new();

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite && !Configured.TryGetValue(handle, out _))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={sqlite.DefaultTimeout * 1000L}; PRAGMA journal_size_limit={JournalSizeLimitBytes};";
            command.ExecuteNonQuery();
            Configured.AddOrUpdate(handle, handle);
        }
    }
}
