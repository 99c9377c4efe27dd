using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Stores;

namespace IdentityHost.Tests.Cli;

/// <summary>DESIGN.md §2 and §4: the <c>migrate</c> verb creates or updates the schema, and is safe to repeat.</summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private const string Created = "created";
    private readonly VerbHost _host = new();

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_CreatesTheModelsSchema()
    {
        if (TestStore.IsPostgres) Assert.Empty(await StoreSchema.ReadAsync(_host.Directory));
        else Assert.False(File.Exists(_host.DatabasePath));

        var (exitCode, _, error) = await _host.RunAsync("migrate");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var expected = await ModelSchemaAsync();
        Assert.Equal(expected, await StoreSchema.ReadAsync(_host.Directory));
    }

    [Fact]
    public async Task Migrate_RunTwice_SucceedsAndAppliesEachMigrationOnce()
    {
        var first = await _host.RunAsync("migrate");
        var schemaAfterFirst = await StoreSchema.ReadAsync(_host.Directory);
        var historyAfterFirst = await StoreSchema.MigrationIdsAsync(_host.Directory);

        var second = await _host.RunAsync("migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("", second.Error);
        Assert.Equal(schemaAfterFirst, await StoreSchema.ReadAsync(_host.Directory));
        Assert.Equal(historyAfterFirst, await StoreSchema.MigrationIdsAsync(_host.Directory));
        Assert.Equal(historyAfterFirst.Distinct(), historyAfterFirst);
    }

    /// <summary>The schema EnsureCreated makes from the current model, in another database.</summary>
    private async Task<List<string>> ModelSchemaAsync()
    {
        StoreSchema.CreateSibling(_host.Directory, Created);
        await ModelSchema.EnsureCreatedAsync(_host.Services, StoreSchema.ConnectionString(_host.Directory, Created));
        return await StoreSchema.ReadAsync(_host.Directory, Created);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        StoreSchema.DropSibling(_host.Directory, Created);
        await _host.DisposeAsync();
    }
}
