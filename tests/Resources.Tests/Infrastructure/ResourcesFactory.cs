using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Resources.Tests.Infrastructure;

/// <summary>The real Resources host, pointed at a test issuer and a SQLite file of the test's choosing.</summary>
public sealed class ResourcesFactory(string authority, string databasePath, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<ResourcesMarker>
{
    /// <summary>
    /// IdentityModel reads its AppContext switches once, when the process creates its first token handler, and that
    /// may be any code in the process (here: a unit test minting a token before any host started). Creating one
    /// before every host makes each run meet that worst case, so a host that depended on setting a switch itself
    /// would fail every run, not just when the test order happened to be unlucky.
    /// </summary>
    static ResourcesFactory() => _ = new JsonWebTokenHandler();

    public string DatabasePath { get; } = databasePath;

    public string ConnectionString => $"Data Source={DatabasePath};Default Timeout=5";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Resources:Authority", authority);
        builder.UseSetting("ConnectionStrings:Resources", ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
