using Microsoft.Data.Sqlite;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// A SQLite database's schema as comparable lines, one per column, index and foreign key, read with the pragmas
/// SQLite documents for it (table_info, index_list, index_info, foreign_key_list). EF's own bookkeeping tables
/// (<c>__EFMigrationsHistory</c>, and <c>__EFMigrationsLock</c> that Migrate adds on SQLite) are left out.
/// </summary>
public static class SqliteSchema
{
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    public static async Task<List<string>> ReadAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();

        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));

        foreach (var (table, sql) in tables.Where(t => !IsBookkeeping(t.Name)))
        {
            // table_info does not show AUTOINCREMENT, which changes how keys are reused.
            lines.Add($"table {table} autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");

            lines.AddRange(await QueryAsync(connection, $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info({Quote(table)})",
                r => $"column {table}.{r.GetString(1)} #{r.GetInt64(0)} type={r.GetString(2)} notnull={r.GetInt64(3)} default={Text(r, 4)} pk={r.GetInt64(5)}"));

            var indexes = await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list({Quote(table)})",
                r => (Name: r.GetString(0), Description: $"unique={r.GetInt64(1)} origin={r.GetString(2)} partial={r.GetInt64(3)}"));
            foreach (var (index, description) in indexes)
            {
                var columns = await QueryAsync(connection, $"SELECT seqno, name FROM pragma_index_info({Quote(index)}) ORDER BY seqno",
                    r => Text(r, 1));
                lines.Add($"index {table}.{index} {description} columns=({string.Join(", ", columns)})");
            }

            lines.AddRange(await QueryAsync(connection,
                $"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, match FROM pragma_foreign_key_list({Quote(table)})",
                r => $"foreign-key {table}#{r.GetInt64(0)}.{r.GetInt64(1)} ({r.GetString(3)}) -> {r.GetString(2)}({Text(r, 4)}) " +
                     $"on_update={r.GetString(5)} on_delete={r.GetString(6)} match={r.GetString(7)}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<List<string>> MigrationIdsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        return await QueryAsync(connection, $"SELECT MigrationId FROM \"{MigrationsHistoryTable}\" ORDER BY MigrationId", r => r.GetString(0));
    }

    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static bool IsBookkeeping(string table) =>
        table.StartsWith("sqlite_", StringComparison.Ordinal) || table.StartsWith("__EFMigrations", StringComparison.Ordinal);

    private static string Quote(string name) => "'" + name.Replace("'", "''") + "'";

    private static string Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "null" : reader.GetString(ordinal);
}
