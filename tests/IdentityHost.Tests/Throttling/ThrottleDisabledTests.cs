using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Throttling;

/// <summary><c>IdentityHost:RateLimiting:Enabled = false</c> turns the failure budgets off (lockout still applies).</summary>
public sealed class ThrottleDisabledTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public async Task Password_WithRateLimitingOff_FailuresBeyondTheBudgetAreStillPlainFailures()
    {
        _factory.Settings["IdentityHost:RateLimiting:Enabled"] = "false";
        _factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerUsernameAndIp"] = "1";
        _factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerIp"] = "1";
        _factory.Settings["Identity:Lockout:MaxFailedAccessAttempts"] = "100";
        await _factory.CreateUserAsync("unthrottled");
        var client = _factory.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("invalid_grant", (await client.PasswordAsync("unthrottled", "Wrong-passw0rd")).Error);
        }
        Assert.Equal(200, (await client.PasswordAsync("unthrottled")).Status);
    }

    public void Dispose() => _factory.Dispose();
}
