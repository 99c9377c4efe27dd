using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Resources.Items;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Migrations;

/// <summary>
/// DESIGN.md §4: the hand-written migrations must create exactly the schema the model describes, so a model
/// change without a migration fails here rather than in production.
/// </summary>
public sealed class ItemsSchemaTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task MigratedSchema_EqualsTheSchemaTheModelCreates()
    {
        var migrated = _directory.File("migrated.db");
        var created = _directory.File("created.db");
        await using (var db = CreateContext(migrated))
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = CreateContext(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var migratedSchema = await SqliteSchema.ReadAsync(migrated);
        var modelSchema = await SqliteSchema.ReadAsync(created);

        Assert.Contains(migratedSchema.Objects, o => o.Name == ItemsDbContext.ItemsTable);
        Assert.Equal(modelSchema.Objects, migratedSchema.Objects);
        Assert.Equal(modelSchema.Columns, migratedSchema.Columns);
        Assert.Equal(modelSchema.Indexes, migratedSchema.Indexes);
    }

    [Fact]
    public async Task Migrate_RecordsEveryMigrationAndLeavesNonePending()
    {
        var path = _directory.File("history.db");
        await using var db = CreateContext(path);

        await db.Database.MigrateAsync();

        Assert.Equal(["20261123000000_InitialItems"], await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_ThenDown_RemovesTheItemsTable()
    {
        var path = _directory.File("down.db");
        await using var db = CreateContext(path);
        await db.Database.MigrateAsync();

        await db.Database.GetService<IMigrator>().MigrateAsync("0");

        var schema = await SqliteSchema.ReadAsync(path);
        Assert.DoesNotContain(schema.Objects, o => o.Name == ItemsDbContext.ItemsTable);
    }

    public void Dispose() => _directory.Dispose();

    private static ItemsDbContext CreateContext(string path)
    {
        var options = new DbContextOptionsBuilder<ItemsDbContext>();
        ItemsDatabase.Configure(options, new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        return new ItemsDbContext(options.Options);
    }
}
