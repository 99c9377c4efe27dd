using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Builder;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Resources.Configuration;
using Resources.Hosting;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Hosting;

/// <summary>What the host does before it serves: validate settings, prepare and migrate the store.</summary>
public sealed class StartupTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Start_WithPlainHttpRemoteAuthority_FailsNamingTheSetting()
    {
        // Composed as Program.cs does, on a test server, rather than through WebApplicationFactory: when an app fails
        // to start, the factory races the app's own disposal and sometimes reports an ObjectDisposedException instead.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resources:Authority"] = "http://id.example.com",
            ["Resources:MigrateOnStartup"] = "false",
        });
        builder.AddResources();

        var error = await Record.ExceptionAsync(async () =>
        {
            await using var app = builder.Build();
            app.MapResources();
            await app.StartAsync();
        });

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Resources:Authority", validation.Message);
    }

    [Fact]
    public async Task Start_AppliesMigrationsAndSwitchesTheStoreToWal()
    {
        // The fixture's host has started; its database file is the one it migrated.
        await using var connection = new SqliteConnection($"Data Source={api.DatabasePath};Pooling=False");
        await connection.OpenAsync();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'Items'"));
        Assert.Equal("20261123000000_InitialItems", await ScalarAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task Start_WithMigrateOnStartupFalse_LeavesTheStoreUnmigratedAndReportsUnhealthy()
    {
        await using var factory = api.CreateIsolatedFactory(new Dictionary<string, string?>
        {
            ["Resources:MigrateOnStartup"] = "false",
        });
        var client = factory.CreateClient();

        var response = await client.GetAsync(ResourcesPipelineExtensions.HealthPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(factory.Services.GetRequiredService<IOptions<ResourcesOptions>>().Value.MigrateOnStartup);
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'Items'"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
