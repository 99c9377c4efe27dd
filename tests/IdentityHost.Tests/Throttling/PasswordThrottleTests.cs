using System.Net;
using IdentityHost.Pages.Account;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Pages;

namespace IdentityHost.Tests.Throttling;

/// <summary>
/// The failure budgets of password sign-in (README: Brute-force protection): a username+IP budget and a per-IP budget
/// across usernames, spent only by failures, answered 429 with <c>Retry-After</c>. The test server has no remote
/// address, so every request here comes from the same client IP. Lockout is set high so that only the budgets refuse.
/// </summary>
public sealed class PasswordThrottleTests : IDisposable
{
    private const int PerUsernameAndIp = 3;
    private const int PerIp = 5;
    private const string Wrong = "Wrong-passw0rd";
    private readonly IdentityHostFactory _factory = new();
    private readonly HttpClient _client;

    public PasswordThrottleTests()
    {
        _factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerUsernameAndIp"] = PerUsernameAndIp.ToString();
        _factory.Settings["IdentityHost:RateLimiting:SignInFailuresPerIp"] = PerIp.ToString();
        _factory.Settings["IdentityHost:RateLimiting:Window"] = "00:15:00";
        _factory.Settings["Identity:Lockout:MaxFailedAccessAttempts"] = "100";
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Password_FailuresUpToTheBudget_ThenEvenTheRightPasswordIs429WithRetryAfter()
    {
        await _factory.CreateUserAsync("guessed");
        for (var i = 0; i < PerUsernameAndIp; i++)
        {
            Assert.Equal("invalid_grant", (await _client.PasswordAsync("guessed", Wrong)).Error);
        }

        var refused = await _client.PasswordAsync("guessed");

        Assert.Equal(429, refused.Status);
        Assert.Equal("temporarily_unavailable", refused.Error);
        // One step of the 15-minute window (15 steps): the earliest a failure can leave it.
        Assert.Equal(TimeSpan.FromMinutes(1), refused.Response.Headers.RetryAfter?.Delta);
        Assert.Equal("no-store", refused.Response.Headers.CacheControl?.ToString());
        Assert.Equal("application/json", refused.Response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Password_UsernameBudget_IgnoresCase()
    {
        await _factory.CreateUserAsync("casey");
        foreach (var spelling in new[] { "casey", "CASEY", "Casey" })
        {
            Assert.Equal("invalid_grant", (await _client.PasswordAsync(spelling, Wrong)).Error);
        }

        Assert.Equal(429, (await _client.PasswordAsync("cAsEy")).Status);
    }

    [Fact]
    public async Task Password_SuccessesInterleaved_DoNotSpendTheBudget()
    {
        await _factory.CreateUserAsync("mixed");
        for (var i = 0; i < PerUsernameAndIp - 1; i++)
        {
            Assert.Equal("invalid_grant", (await _client.PasswordAsync("mixed", Wrong)).Error);
            Assert.Equal(200, (await _client.PasswordAsync("mixed")).Status);
            Assert.Equal(200, (await _client.PasswordAsync("mixed")).Status);
        }

        // The last failure of the budget is still a plain failure; only after it is the username refused.
        Assert.Equal("invalid_grant", (await _client.PasswordAsync("mixed", Wrong)).Error);
        Assert.Equal(429, (await _client.PasswordAsync("mixed")).Status);
    }

    [Fact]
    public async Task Password_AnotherUsernameFromTheSameIp_IsUnaffectedByTheUsernameBudget_ButThePerIpBudgetApplies()
    {
        await _factory.CreateUserAsync("first");
        await _factory.CreateUserAsync("second");
        await _factory.CreateUserAsync("third");
        for (var i = 0; i < PerUsernameAndIp; i++) await _client.PasswordAsync("first", Wrong);
        Assert.Equal(429, (await _client.PasswordAsync("first")).Status);

        Assert.Equal(200, (await _client.PasswordAsync("second")).Status);
        // Spraying: the IP's failures across usernames reach its own budget.
        for (var i = PerUsernameAndIp; i < PerIp; i++)
        {
            Assert.Equal("invalid_grant", (await _client.PasswordAsync($"sprayed-{i}", Wrong)).Error);
        }

        var refused = await _client.PasswordAsync("third");
        Assert.Equal(429, refused.Status);
        Assert.NotNull(refused.Response.Headers.RetryAfter);
    }

    [Fact]
    public async Task LoginPage_FailuresUpToTheBudget_ThenIs429WithMessageAndRetryAfter()
    {
        await _factory.CreateUserAsync("pages");
        var browser = _factory.CreateBrowser();
        for (var i = 0; i < PerUsernameAndIp; i++)
        {
            var failed = await BrowserFlow.SignInAsync(browser, "pages", Wrong);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var refused = await BrowserFlow.SignInAsync(browser, "pages");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(LoginModel.TooManyAttempts, BrowserFlow.AlertText(await refused.Content.ReadAsStringAsync()));
        Assert.False(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task LoginPageAndPasswordGrant_ShareTheBudget()
    {
        await _factory.CreateUserAsync("shared");
        for (var i = 0; i < PerUsernameAndIp; i++) await _client.PasswordAsync("shared", Wrong);

        var refused = await BrowserFlow.SignInAsync(_factory.CreateBrowser(), "shared");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
