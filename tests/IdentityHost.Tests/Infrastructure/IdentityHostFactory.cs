using IdentityHost.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Infrastructure;

/// <summary>
/// IdentityHost through its real pipeline, on a real SQLite file in a fresh temporary folder (or, in the PostgreSQL
/// pass, a fresh database of its own: <see cref="TestStore"/>), with a settable clock. Configuration is exactly
/// <see cref="Settings"/>: the root appsettings.json is not read.
/// </summary>
public class IdentityHostFactory : WebApplicationFactory<IdentityHostMarker>
{
    public const string Issuer = "http://localhost";
    public const string Password = "Passw0rd!";
    public const string ConfidentialSecret = "conf-secret-value";
    /// <summary>Has characters that RFC 6749 Appendix B form-encoding must carry through HTTP Basic.</summary>
    public const string ServiceSecret = "s3cr3t: +%/é&=";

    public IdentityHostFactory() : this(null)
    {
    }

    /// <summary>A second host on the same folder (database and Data Protection keys): a restart, or another instance.</summary>
    public static IdentityHostFactory InDirectory(string directory) => new(directory);

    private IdentityHostFactory(string? directory)
    {
        _ownsStore = directory is null;
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "identityhost-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        if (_ownsStore) TestStore.Create(Directory);
        Settings = DefaultSettings(Directory);
    }

    /// <summary>The first factory on a folder made its database and drops it; InDirectory factories share it.</summary>
    private readonly bool _ownsStore;

    public string Directory { get; }
    public TestClock Clock { get; } = new();
    public Dictionary<string, string?> Settings { get; }
    /// <summary>The host environment; "Testing" unless a test needs Development or Production behaviour.</summary>
    public string EnvironmentName { get; set; } = "Testing";
    public string DatabasePath => Path.Combine(Directory, "identity.db");

    public static Dictionary<string, string?> DefaultSettings(string directory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Identity"] = TestStore.ConnectionString(directory),
            ["IdentityHost:Issuer"] = Issuer,
            ["IdentityHost:DataProtection:KeysDirectory"] = Path.Combine(directory, "dp-keys"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddScope(settings, 0, "read:items");
        AddScope(settings, 1, "write:items");
        AddScope(settings, 2, "admin");
        AddClient(settings, 0, "public-app", "public", null, ["password", "refresh_token"],
            ["openid", "profile", "email", "roles", "offline_access", "read:items", "write:items", "admin"]);
        AddClient(settings, 1, "confidential-app", "confidential", ConfidentialSecret, ["password", "refresh_token", "client_credentials"],
            ["offline_access", "read:items", "write:items"]);
        AddClient(settings, 2, "service", "confidential", ServiceSecret, ["client_credentials"], ["read:items", "admin", "offline_access"]);
        AddClient(settings, 3, "other-app", "public", null, ["password", "refresh_token"], ["offline_access", "read:items"]);
        AddClient(settings, 4, "limited", "public", null, ["password"], ["read:items", "offline_access"]);
        return settings;
    }

    public static void AddScope(Dictionary<string, string?> settings, int index, string name)
    {
        settings[$"Scopes:{index}:Name"] = name;
        settings[$"Scopes:{index}:Resources:0"] = "resources";
    }

    public static void AddClient(Dictionary<string, string?> settings, int index, string id, string type, string? secret, string[] grants, string[] scopes)
    {
        settings[$"Clients:{index}:ClientId"] = id;
        settings[$"Clients:{index}:Type"] = type;
        settings[$"Clients:{index}:ClientSecret"] = secret;
        for (var i = 0; i < grants.Length; i++) settings[$"Clients:{index}:GrantTypes:{i}"] = grants[i];
        for (var i = 0; i < scopes.Length; i++) settings[$"Clients:{index}:Scopes:{i}"] = scopes[i];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(Settings);
        });
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<ApplicationUser> CreateUserAsync(string username, string password = Password, string? email = null, params string[] roles)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new ApplicationUser { UserName = username, Email = email, EmailConfirmed = email is not null };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role)) await roleManager.CreateAsync(new IdentityRole(role));
            await users.AddToRoleAsync(user, role);
        }
        return user;
    }

    /// <summary>Runs <paramref name="action"/> against the user, through Identity, in its own scope.</summary>
    public async Task WithUserAsync(string username, Func<UserManager<ApplicationUser>, ApplicationUser, Task> action)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(username) ?? throw new InvalidOperationException($"no user {username}");
        await action(users, user);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            if (_ownsStore) TestStore.Drop(Directory);
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        }
    }
}
