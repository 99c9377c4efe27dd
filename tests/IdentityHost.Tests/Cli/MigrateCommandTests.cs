using IdentityHost.Tests.Stores;

namespace IdentityHost.Tests.Cli;

/// <summary>DESIGN.md §2 and §4: the <c>migrate</c> verb creates or updates the schema, and is safe to repeat.</summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly VerbHost _host = new();

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_CreatesTheModelsSchema()
    {
        Assert.False(File.Exists(_host.DatabasePath));

        var (exitCode, _, error) = await _host.RunAsync("migrate");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var expected = await ModelSchemaAsync();
        Assert.Equal(expected, await SqliteSchema.ReadAsync(_host.DatabasePath));
    }

    [Fact]
    public async Task Migrate_RunTwice_SucceedsAndAppliesEachMigrationOnce()
    {
        var first = await _host.RunAsync("migrate");
        var schemaAfterFirst = await SqliteSchema.ReadAsync(_host.DatabasePath);
        var historyAfterFirst = await SqliteSchema.MigrationIdsAsync(_host.DatabasePath);

        var second = await _host.RunAsync("migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("", second.Error);
        Assert.Equal(schemaAfterFirst, await SqliteSchema.ReadAsync(_host.DatabasePath));
        Assert.Equal(historyAfterFirst, await SqliteSchema.MigrationIdsAsync(_host.DatabasePath));
        Assert.Equal(historyAfterFirst.Distinct(), historyAfterFirst);
    }

    /// <summary>The schema EnsureCreated makes from the current model, on another file.</summary>
    private async Task<List<string>> ModelSchemaAsync()
    {
        var path = Path.Combine(_host.Directory, "created.db");
        await ModelSchema.EnsureCreatedAsync(_host.Services, path);
        return await SqliteSchema.ReadAsync(path);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
