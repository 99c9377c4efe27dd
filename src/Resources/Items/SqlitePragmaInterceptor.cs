using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Resources.Items;

/// <summary>
/// Sets per-connection SQLite pragmas. In WAL mode <c>synchronous=NORMAL</c> is still durable against application
/// crashes and saves an fsync per commit; unlike <c>journal_mode</c> it is not stored in the file, so every
/// connection needs it. It belongs to the native connection, which Microsoft.Data.Sqlite's pool keeps between opens:
/// each is configured on its first open only.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    private static readonly ConditionalWeakTable<sqlite3, object> Configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite && !Configured.TryGetValue(handle, out _))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured.AddOrUpdate(handle, handle);
        }
    }
}
