using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// DESIGN.md §4: migrations are written by hand, so a test proves that a migrated database has exactly the schema
/// the current model creates. A model change without a migration fails here.
/// </summary>
public sealed class MigrationSchemaTests(IdentityHostFactory factory, ITestOutputHelper output) : IClassFixture<IdentityHostFactory>
{
    [SqliteOnlyFact]
    public async Task Migrations_CreateExactlyTheSchemaTheModelCreates()
    {
        var migratedPath = Path.Combine(factory.Directory, "migrated.db");
        var createdPath = Path.Combine(factory.Directory, "created.db");

        var (migrations, namespaces) = await ModelSchema.MigrateAsync(factory.Services, $"Data Source={migratedPath};Pooling=False");
        var createScript = await ModelSchema.EnsureCreatedAsync(factory.Services, $"Data Source={createdPath};Pooling=False");

        var migrated = await SqliteSchema.ReadAsync(migratedPath);
        var model = await SqliteSchema.ReadAsync(createdPath);

        Assert.NotEmpty(migrations);
        Assert.Equal([ProviderMigrationsAssembly.SqliteNamespace], namespaces); // never the PostgreSQL folder's
        Assert.Equal(migrations, await SqliteSchema.MigrationIdsAsync(migratedPath));
        Assert.Contains(model, line => line.StartsWith("table Clients ", StringComparison.Ordinal));
        var missing = model.Except(migrated).ToList();
        var unexpected = migrated.Except(model).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var report = "The migrated schema differs from the model's. Add a migration under migrations/Sqlite (README: adding a migration).\n" +
                $"In the model, not in the migrations:\n  {string.Join("\n  ", missing)}\n" +
                $"In the migrations, not in the model:\n  {string.Join("\n  ", unexpected)}\n" +
                $"The model's full create script (Database.GenerateCreateScript()):\n{createScript}";
            output.WriteLine(report);
            Assert.Fail(report);
        }
    }

    [SqliteOnlyFact]
    public async Task Sqlite_AfterStartUp_UsesWriteAheadLog()
    {
        _ = factory.Services; // starts the host, which prepares the store

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = (string?)await command.ExecuteScalarAsync();

        // DESIGN.md §6: WAL lets readers proceed while a writer commits. The mode is persisted in the file, so a
        // fresh connection (not the app's) sees it.
        Assert.Equal("wal", mode);
    }
}
