using Microsoft.AspNetCore.Mvc.Testing;

namespace Resources.Tests.Infrastructure;

/// <summary>The real Resources host, pointed at a test issuer and a SQLite file of the test's choosing.</summary>
public sealed class ResourcesFactory(string authority, string databasePath, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<ResourcesMarker>
{
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
