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
