using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Resources.Configuration;
using Resources.Hosting;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Hosting;

/// <summary>How the host starts: where settings come from, health, and refusing a bad configuration.</summary>
public sealed class HostingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public void ContentRoot_IsTheOutputFolderHoldingTheRootAppSettings()
    {
        var environment = api.Factory.Services.GetRequiredService<IHostEnvironment>();

        Assert.Equal(Normalize(AppContext.BaseDirectory), Normalize(environment.ContentRootPath));
        Assert.True(environment.ContentRootFileProvider.GetFileInfo("appsettings.json").Exists);
    }

    [Fact]
    public void Settings_FromTheTestHost_ReachTheOptions()
    {
        var options = api.Factory.Services.GetRequiredService<IOptions<ResourcesOptions>>().Value;

        Assert.Equal(api.Issuer.Issuer, options.Authority);
        Assert.Equal("resources", options.Audience);
    }

    [Fact]
    public async Task Healthz_WithoutToken_Returns200WhenDatabaseIsReachable()
    {
        var response = await api.Client.GetAsync(ResourcesPipelineExtensions.HealthPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
