using Npgsql;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// A PostgreSQL database's schema (the public schema) as comparable lines, one per column, index and constraint, read
/// from information_schema and pg_catalog. Column order is left out: PostgreSQL appends added columns, and order does
/// not change what a query means. EF's bookkeeping tables are left out.
/// </summary>
public static class PostgresSchema
{
    public static async Task<List<string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        lines.AddRange(await QueryAsync(connection, """
            SELECT 'table ' || table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EFMigrations%'
            """));
        lines.AddRange(await QueryAsync(connection, """
            SELECT format('column %s.%s type=%s length=%s nullable=%s default=%s identity=%s',
                   table_name, column_name, data_type, coalesce(character_maximum_length::text, '-'), is_nullable,
                   coalesce(column_default, '-'), coalesce(identity_generation, '-'))
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EFMigrations%'
            """));
        lines.AddRange(await QueryAsync(connection, """
            SELECT format('index %s', indexdef) FROM pg_indexes
            WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EFMigrations%'
            """));
        lines.AddRange(await QueryAsync(connection, """
            SELECT format('constraint %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c
            WHERE c.connamespace = 'public'::regnamespace AND c.conrelid::regclass::text NOT LIKE '%\_\_EFMigrations%'
            """));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<List<string>> MigrationIdsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await QueryAsync(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"");
    }

    private static async Task<List<string>> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
