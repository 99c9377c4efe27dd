using IdentityHost.Tests.Configuration;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Throttling;

/// <summary>The server refuses to start on a rate-limiting setting that could not work, and names it.</summary>
public sealed class RateLimitingSettingsTests
{
    [Theory]
    [InlineData("Window", "00:00:00")]
    [InlineData("Window", "00:00:00.5")]
    [InlineData("Window", "2.00:00:00")]
    [InlineData("SignInFailuresPerUsernameAndIp", "0")]
    [InlineData("SignInFailuresPerIp", "-1")]
    [InlineData("ClientAuthenticationFailuresPerIp", "0")]
    public async Task Startup_InvalidRateLimitingSetting_RefusesToStartNamingIt(string key, string value)
    {
        using var factory = new IdentityHostFactory();
        factory.Settings[$"IdentityHost:RateLimiting:{key}"] = value;

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains($"IdentityHost:RateLimiting:{key}", message);
    }

    [Fact]
    public async Task Startup_RateLimitingSettingsAtTheirBounds_Start()
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["IdentityHost:RateLimiting:Window"] = "00:00:01";
        factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerUsernameAndIp"] = "1";
        factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerIp"] = "1";
        factory.Settings["IdentityHost:RateLimiting:ClientAuthenticationFailuresPerIp"] = "1";

        var response = await factory.CreateClient().GetAsync("/.well-known/openid-configuration");

        Assert.Equal(200, (int)response.StatusCode);
    }
}
