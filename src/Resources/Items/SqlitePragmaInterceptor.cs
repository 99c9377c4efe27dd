using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Resources.Items;

/// <summary>
/// Sets per-connection SQLite pragmas. In WAL mode <c>synchronous=NORMAL</c> is still durable against application
/// crashes and saves an fsync per commit; unlike <c>journal_mode</c> it is not stored in the file, so every
/// connection needs it.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
