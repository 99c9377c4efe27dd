using IdentityHost;
using IdentityHost.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Resources;
using SpaHost;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// IdentityHost, Resources and the SPA host on Kestrel on 127.0.0.1, wired to each other as a user would run them,
/// with the <c>spa</c> and <c>swagger</c> clients registered for the ports chosen here; and Chromium.
/// </summary>
public sealed class BrowserStack : IAsyncLifetime
{
    public const string Password = "Passw0rd!";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "endtoend-tests", Guid.NewGuid().ToString("N"));

    public KestrelHost<IdentityHostMarker> Identity { get; private set; } = null!;
    public KestrelHost<ResourcesMarker> Resources { get; private set; } = null!;
    public KestrelHost<SpaHostMarker> Spa { get; private set; } = null!;
    public Chromium Browser { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        int identityPort = FreePort.Next(), resourcesPort = FreePort.Next(), spaPort = FreePort.Next();
        var issuer = $"http://127.0.0.1:{identityPort}";
        var api = $"http://127.0.0.1:{resourcesPort}";
        var spa = $"http://127.0.0.1:{spaPort}";

        // Started one after the other: WebApplicationFactory finds its host through process-wide diagnostics.
        Identity = new(StackSettings.IdentityHost(issuer, api, spa, _directory), identityPort);
        Identity.StartServer();
        Resources = new(StackSettings.Resources(issuer, spa, _directory), resourcesPort);
        Resources.StartServer();
        Spa = new(StackSettings.Spa(issuer, api), spaPort);
        Spa.StartServer();

        await Browser.StartAsync();
    }

    /// <summary>A user of its own for each test, so tests do not share consent or sessions.</summary>
    public async Task<string> CreateUserAsync(string prefix)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..20];
        using var scope = Identity.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(
            new ApplicationUser { UserName = username, Email = $"{username}@example.com", EmailConfirmed = true }, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return username;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Spa.DisposeAsync();
        await Resources.DisposeAsync();
        await Identity.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserStack>
{
    public const string Name = "browser";
}
