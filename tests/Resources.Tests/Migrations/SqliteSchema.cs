using Microsoft.Data.Sqlite;

namespace Resources.Tests.Migrations;

/// <summary>
/// What SQLite itself says the schema is: the DDL of every table and index, every column's definition and every
/// index's shape. EF's own bookkeeping tables (<c>__EF*</c>) and SQLite's (<c>sqlite_*</c>) are left out.
/// </summary>
public sealed record SqliteSchema(
    IReadOnlyList<SqliteSchema.SchemaObject> Objects,
    IReadOnlyList<SqliteSchema.Column> Columns,
    IReadOnlyList<SqliteSchema.Index> Indexes)
{
    public sealed record SchemaObject(string Type, string Name, string Table, string? Sql);

    public sealed record Column(string Table, long Position, string Name, string Type, bool NotNull, string? Default, long PrimaryKeyPosition);

    public sealed record Index(string Table, string Name, bool Unique, string Origin, bool Partial, string Columns);

    public static async Task<SqliteSchema> ReadAsync(string path)
    {
        await using var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();

        var objects = await QueryAsync(connection,
            "SELECT type, name, tbl_name, sql FROM sqlite_master " +
            "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\' ORDER BY type, name",
            r => new SchemaObject(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));

        var columns = new List<Column>();
        var indexes = new List<Index>();
        foreach (var table in objects.Where(o => o.Type == "table").Select(o => o.Name))
        {
            columns.AddRange(await QueryAsync(connection, $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')",
                r => new Column(table, r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 1, r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5))));

            foreach (var index in await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}') ORDER BY name",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) == 1, Origin: r.GetString(2), Partial: r.GetInt64(3) == 1)))
            {
                var indexColumns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{index.Name}') ORDER BY seqno",
                    r => r.IsDBNull(0) ? "<expression>" : r.GetString(0));
                indexes.Add(new Index(table, index.Name, index.Unique, index.Origin, index.Partial, string.Join(",", indexColumns)));
            }
        }

        return new SqliteSchema(objects, columns, indexes);
    }

    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
