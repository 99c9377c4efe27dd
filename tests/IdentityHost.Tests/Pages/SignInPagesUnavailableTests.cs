using System.Net;
using IdentityHost.Accounts;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// The sign-in pages when the store stays locked past its timeout (as the protocol endpoints' storage-failure tests
/// lock it): 503 with <c>Retry-After</c> and a short page saying sign-in is temporarily unavailable, nothing of the
/// failure itself; once the store is back, the same attempt succeeds.
/// </summary>
public sealed class SignInPagesUnavailableTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithoutFailureBudgets();

    public SignInPagesUnavailableTests()
    {
        // How long a locked database is waited for before the request fails.
        _factory.Settings["ConnectionStrings:Identity"] += TestStore.ShortLockTimeout;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Login_WhileTheStoreStaysLocked_Is503WithATemporarilyUnavailablePage()
    {
        await _factory.CreateUserAsync("su-login");
        var browser = _factory.CreateBrowser();
        var form = await BrowserFlow.GetFormAsync(browser, BrowserFlow.LoginPath);

        HttpResponseMessage response;
        await using (await TestStore.HoldWriteLockAsync(_factory.Directory))
        {
            response = await BrowserFlow.SubmitAsync(browser, form, ("Username", "su-login"), ("Password", IdentityHostFactory.Password));
        }

        await AssertUnavailablePageAsync(response);
        Assert.False(await PageClients.IsSignedInAsync(browser));
        // The retry, with the store back, signs in.
        var retry = await BrowserFlow.SubmitAsync(browser, form, ("Username", "su-login"), ("Password", IdentityHostFactory.Password));
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.True(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task AccountPasswordChange_WhileTheStoreStaysLocked_Is503WithATemporarilyUnavailablePage()
    {
        await _factory.CreateUserAsync("su-account");
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, "su-account");
        var form = await BrowserFlow.GetFormAsync(browser, "/account", "/account?handler=password");

        HttpResponseMessage response;
        await using (await TestStore.HoldWriteLockAsync(_factory.Directory))
        {
            response = await BrowserFlow.SubmitAsync(browser, form,
                ("currentPassword", IdentityHostFactory.Password), ("newPassword", "N3w-Passw0rd!"), ("confirmPassword", "N3w-Passw0rd!"));
        }

        await AssertUnavailablePageAsync(response);
        await _factory.WithUserAsync("su-account", async (users, user) => Assert.True(await users.CheckPasswordAsync(user, IdentityHostFactory.Password)));
    }

    private static async Task AssertUnavailablePageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(SignInPagesUnavailable.RetryAfter, response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SignInPagesUnavailable.Message, BrowserFlow.AlertText(html));
        Assert.True(response.Headers.CacheControl?.NoStore); // the pages' security headers, as on every page
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        // Nothing of the failure: no exception, provider or SQL text.
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain("SQL", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Npgsql", html);
        Assert.DoesNotContain("database", html, StringComparison.OrdinalIgnoreCase);
    }
}
