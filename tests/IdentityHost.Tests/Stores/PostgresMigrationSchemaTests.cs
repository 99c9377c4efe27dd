using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// DESIGN.md §4 for PostgreSQL: the migrations in migrations/Postgres create exactly the schema the current model
/// creates on a real server. A model change (or a SQLite migration) without its PostgreSQL migration fails here.
/// </summary>
public sealed class PostgresMigrationSchemaTests(IdentityHostFactory factory, ITestOutputHelper output) : IClassFixture<IdentityHostFactory>, IDisposable
{
    private readonly string _migrated = TestStore.DatabaseName(factory.Directory) + "_migrated";
    private readonly string _created = TestStore.DatabaseName(factory.Directory) + "_created";

    [PostgresFact]
    public async Task PostgresMigrations_CreateExactlyTheSchemaTheModelCreates()
    {
        TestStore.CreatePostgresDatabase(_migrated);
        TestStore.CreatePostgresDatabase(_created);
        var migratedConnection = TestStore.PostgresConnectionString(_migrated);
        var createdConnection = TestStore.PostgresConnectionString(_created);

        var (migrations, namespaces) = await ModelSchema.MigrateAsync(factory.Services, migratedConnection);
        var createScript = await ModelSchema.EnsureCreatedAsync(factory.Services, createdConnection);

        var migrated = await PostgresSchema.ReadAsync(migratedConnection);
        var model = await PostgresSchema.ReadAsync(createdConnection);

        Assert.NotEmpty(migrations);
        Assert.Equal([ProviderMigrationsAssembly.PostgresNamespace], namespaces); // never the SQLite folder's
        Assert.Equal(migrations, await PostgresSchema.MigrationIdsAsync(migratedConnection));
        Assert.Contains("table Clients", model);
        var missing = model.Except(migrated).ToList();
        var unexpected = migrated.Except(model).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var report = "The migrated schema differs from the model's. Add a migration under migrations/Postgres (README: adding a migration).\n" +
                $"In the model, not in the migrations:\n  {string.Join("\n  ", missing)}\n" +
                $"In the migrations, not in the model:\n  {string.Join("\n  ", unexpected)}\n" +
                $"The model's full create script (Database.GenerateCreateScript()):\n{createScript}";
            output.WriteLine(report);
            Assert.Fail(report);
        }
    }

    public void Dispose()
    {
        if (!TestStore.IsPostgres) return;
        TestStore.DropPostgresDatabase(_migrated);
        TestStore.DropPostgresDatabase(_created);
    }
}
