using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Resources;

namespace IdentityHost.Tests.EndToEnd;

/// <summary>The Resources API on Kestrel, trusting the given issuer and fetching its keys over real HTTP.</summary>
internal sealed class ResourcesOnKestrel : WebApplicationFactory<ResourcesMarker>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "resources-e2e", Guid.NewGuid().ToString("N"));
    private readonly string _authority;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _time;

    /// <param name="settings">Added on top of the defaults (e.g. <c>Resources:TokenValidation</c>).</param>
    /// <param name="time">Replaces the host's clock.</param>
    public ResourcesOnKestrel(string authority, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        _authority = authority;
        _settings = settings ?? new Dictionary<string, string?>();
        _time = time;
        Directory.CreateDirectory(_directory);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Resources:Authority"] = _authority,
                ["Resources:Audience"] = "resources",
                ["ConnectionStrings:Resources"] = $"Data Source={Path.Combine(_directory, "resources.db")}",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            config.AddInMemoryCollection(_settings);
        });
        if (_time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(_time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
