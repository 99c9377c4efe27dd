using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IdentityHost.Tests.Infrastructure;

/// <summary>
/// The store the tests run on. By default a SQLite file in each test's folder. When <see cref="PostgresVariable"/>
/// holds a PostgreSQL server's connection string (no database; <c>.ci/run</c> sets it for its second pass), every
/// test folder gets its own fresh database on that server instead, created by its owner and dropped on dispose.
/// </summary>
public static class TestStore
{
    public const string PostgresVariable = "IDENTITYHOST_TEST_POSTGRES";

    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>The Identity connection string for a test folder: its SQLite file, or its PostgreSQL database.</summary>
    public static string ConnectionString(string directory) => IsPostgres
        ? PostgresConnectionString(DatabaseName(directory))
        : $"Data Source={Path.Combine(directory, "identity.db")}";

    public static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ConnectionString;

    /// <summary>Test folders are named by a GUID; the database is named after the folder.</summary>
    public static string DatabaseName(string directory) => "ih_" + Path.GetFileName(directory).ToLowerInvariant();

    /// <summary>Creates the folder's empty PostgreSQL database (nothing to do on SQLite: the file is made on first use).</summary>
    public static void Create(string directory)
    {
        if (IsPostgres)
        {
            CreatePostgresDatabase(DatabaseName(directory));
        }
    }

    public static void Drop(string directory)
    {
        if (IsPostgres)
        {
            DropPostgresDatabase(DatabaseName(directory));
        }
    }

    /// <summary>
    /// A connection of the test's own to the folder's database, outside the app, as someone holding a copy of the
    /// store would read it. SQL in it quotes identifiers and names parameters <c>@name</c> (both providers accept that).
    /// </summary>
    public static async Task<DbConnection> OpenAsync(string directory)
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(PostgresConnectionString(DatabaseName(directory)) + ";Pooling=false")
            : new SqliteConnection($"Data Source={Path.Combine(directory, "identity.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The first column of each row, as text.</summary>
    public static async Task<List<string?>> QueryAsync(string directory, string sql, params (string Name, object Value)[] parameters) =>
        (await QueryRowsAsync(directory, sql, parameters)).Select(row => row[0]).ToList();

    /// <summary>Every column of each row, as text.</summary>
    public static async Task<List<string?[]>> QueryRowsAsync(string directory, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(directory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i).ToString()).ToArray());
        }
        return rows;
    }

    /// <summary>
    /// Connection-string settings that make the app give up on a locked store after about a second: SQLite's busy
    /// timeout, PostgreSQL's command timeout.
    /// </summary>
    public static string ShortLockTimeout => IsPostgres ? ";Command Timeout=1" : ";Default Timeout=1";

    /// <summary>
    /// Another writer holding the store until the returned connection is disposed: readers pass, writers wait. SQLite:
    /// <c>BEGIN IMMEDIATE</c> (the database's write lock). PostgreSQL: the protocol tables locked in EXCLUSIVE mode,
    /// which conflicts with every write and with no plain read.
    /// </summary>
    public static async Task<DbConnection> HoldWriteLockAsync(string directory)
    {
        var connection = await OpenAsync(directory);
        await using var command = connection.CreateCommand();
        command.CommandText = IsPostgres
            ? """BEGIN; LOCK TABLE "Tokens", "Authorizations", "AspNetUsers" IN EXCLUSIVE MODE;"""
            : "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>
    /// Everything the store holds, as text, to prove a secret is not in it: on SQLite the database file and its WAL
    /// (pages not yet checkpointed); on PostgreSQL every row of every table.
    /// </summary>
    public static async Task<string> DumpAsync(string directory)
    {
        if (!IsPostgres)
        {
            var path = Path.Combine(directory, "identity.db");
            var file = await File.ReadAllBytesAsync(path);
            var wal = File.Exists(path + "-wal") ? await File.ReadAllBytesAsync(path + "-wal") : [];
            return Encoding.Latin1.GetString(file) + Encoding.Latin1.GetString(wal);
        }
        var tables = await QueryAsync(directory, "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public'");
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            foreach (var row in await QueryAsync(directory, $"SELECT t::text FROM {table} t")) dump.AppendLine(row);
        }
        return dump.ToString();
    }

    public static void CreatePostgresDatabase(string database) => Administer($"CREATE DATABASE \"{database}\"");

    public static void DropPostgresDatabase(string database)
    {
        using (var connection = new NpgsqlConnection(PostgresConnectionString(database)))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        // FORCE ends the sessions a host that is still shutting down may hold.
        Administer($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static void Administer(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A test of something only SQLite has (a database file, its write lock, WAL): it runs in the SQLite pass and is
/// reported as skipped, with the reason, in the PostgreSQL pass.
/// </summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute()
    {
        if (TestStore.IsPostgres) Skip = "SQLite-specific (database file, write lock or WAL): runs in the SQLite pass";
    }
}

/// <summary>A test that needs a PostgreSQL server: it runs in the PostgreSQL pass (<c>.ci/run</c>).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStore.IsPostgres) Skip = $"needs a PostgreSQL server in {TestStore.PostgresVariable}: runs in the PostgreSQL pass of .ci/run";
    }
}
