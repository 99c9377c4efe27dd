using IdentityHost.Tests.Configuration;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Pruning;

/// <summary>The server refuses to start on a pruning or retention setting that cannot work, naming it.</summary>
public sealed class PruningSettingsTests
{
    [Theory]
    [InlineData("IdentityHost:Pruning:Interval", "00:00:00")]
    [InlineData("IdentityHost:Pruning:Interval", "1.00:00:01")]
    [InlineData("IdentityHost:Pruning:BatchSize", "0")]
    [InlineData("IdentityHost:Pruning:BatchSize", "10001")]
    [InlineData("IdentityHost:Pruning:RedeemedTokenRetention", "00:00:00")]
    // Below the reuse grace (default 2 s) no replay could ever revoke a family.
    [InlineData("IdentityHost:Pruning:RedeemedTokenRetention", "00:00:01")]
    [InlineData("IdentityHost:Audit:Retention", "00:00:00")]
    public async Task Startup_InvalidPruningSetting_RefusesToStartNamingIt(string key, string value)
    {
        using var factory = new IdentityHostFactory();
        factory.Settings[key] = value;

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains(key, message);
    }

    [Fact]
    public async Task Startup_RetentionEqualToTheReuseGraceAndLargestBatch_Starts()
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["IdentityHost:Tokens:RefreshTokenReuseGrace"] = "00:00:05";
        factory.Settings["IdentityHost:Pruning:RedeemedTokenRetention"] = "00:00:05";
        factory.Settings["IdentityHost:Pruning:BatchSize"] = "10000";

        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.True(response.IsSuccessStatusCode);
    }
}
