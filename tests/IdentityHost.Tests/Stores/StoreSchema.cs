using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Stores;

/// <summary>The schema of a test folder's database (or of a sibling database beside it), on whichever provider the pass uses.</summary>
public static class StoreSchema
{
    public static Task<List<string>> ReadAsync(string directory, string? sibling = null) => TestStore.IsPostgres
        ? PostgresSchema.ReadAsync(ConnectionString(directory, sibling))
        : SqliteSchema.ReadAsync(SqlitePath(directory, sibling));

    public static Task<List<string>> MigrationIdsAsync(string directory) => TestStore.IsPostgres
        ? PostgresSchema.MigrationIdsAsync(ConnectionString(directory, null))
        : SqliteSchema.MigrationIdsAsync(SqlitePath(directory, null));

    /// <summary>A sibling database: another SQLite file in the folder, or another PostgreSQL database named after it.</summary>
    public static string ConnectionString(string directory, string? sibling) => TestStore.IsPostgres
        ? TestStore.PostgresConnectionString(TestStore.DatabaseName(directory) + (sibling is null ? "" : "_" + sibling))
        : $"Data Source={SqlitePath(directory, sibling)};Pooling=False";

    public static void CreateSibling(string directory, string sibling)
    {
        if (TestStore.IsPostgres) TestStore.CreatePostgresDatabase(TestStore.DatabaseName(directory) + "_" + sibling);
    }

    public static void DropSibling(string directory, string sibling)
    {
        if (TestStore.IsPostgres) TestStore.DropPostgresDatabase(TestStore.DatabaseName(directory) + "_" + sibling);
    }

    private static string SqlitePath(string directory, string? sibling) => Path.Combine(directory, (sibling ?? "identity") + ".db");
}
