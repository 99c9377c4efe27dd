using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Configuration;

/// <summary>
/// Issue #7: the provider follows <c>Database:Provider</c>, or the connection string when that is empty; a setting
/// that contradicts the connection string, and an unknown provider, refuse to start and name the setting.
/// </summary>
public sealed class DatabaseConfigurationTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Database=identity", "", "Npgsql.EntityFrameworkCore.PostgreSQL")]
    [InlineData("Server=127.0.0.1;Database=identity", "", "Npgsql.EntityFrameworkCore.PostgreSQL")]
    [InlineData("Host=127.0.0.1;Database=identity", "Postgres", "Npgsql.EntityFrameworkCore.PostgreSQL")]
    [InlineData("Data Source=identity.db", "", "Microsoft.EntityFrameworkCore.Sqlite")]
    [InlineData("Data Source=identity.db", "sqlite", "Microsoft.EntityFrameworkCore.Sqlite")]
    public void TheProvider_FollowsTheSettingOrTheConnectionString(string connectionString, string provider, string expected)
    {
        var settings = IdentityHostFactory.DefaultSettings(Path.GetTempPath());
        settings["ConnectionStrings:Identity"] = connectionString;
        settings["Database:Provider"] = provider;

        // The app's services without starting it (nothing connects): the context's provider is the choice.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddIdentityHost();
        using var app = builder.Build();
        using var scope = app.Services.CreateScope();

        Assert.Equal(expected, scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>().Database.ProviderName);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=identity", "Sqlite", "ConnectionStrings:Identity")]
    [InlineData("Data Source=identity.db", "Postgres", "ConnectionStrings:Identity")]
    [InlineData("Data Source=identity.db", "Oracle", "Database:Provider")]
    public async Task AContradictionOrAnUnknownProvider_RefusesToStart_NamingTheSetting(string connectionString, string provider, string named)
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["ConnectionStrings:Identity"] = connectionString;
        factory.Settings["Database:Provider"] = provider;

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains(named, message);
    }

    [Theory]
    [InlineData("FileSystem", null, "IdentityHost:DataProtection:KeysDirectory")]
    [InlineData("Redis", null, "IdentityHost:DataProtection:Store")]
    public async Task ABadDataProtectionStore_RefusesToStart_NamingTheSetting(string store, string? directory, string named)
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["IdentityHost:DataProtection:Store"] = store;
        factory.Settings["IdentityHost:DataProtection:KeysDirectory"] = directory;

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains(named, message);
    }
}
