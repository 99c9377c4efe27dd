using System.Net;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Pages;

namespace IdentityHost.Tests.Logout;

/// <summary>
/// The confirmation a logout without a trusted hint gets (OIDC RP-Initiated Logout 1.0 §2): an antiforgery POST to
/// <c>/account/logout</c>, which re-validates the client's post-logout redirect URI before using it.
/// </summary>
public sealed class LogoutConfirmationTests : IClassFixture<LogoutConfirmationTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithPageClients();
    }

    private readonly Host _factory;

    public LogoutConfirmationTests(Host factory) => _factory = factory;

    private async Task<HttpClient> SignedInAsync()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, name);
        Assert.True(await PageClients.IsSignedInAsync(browser));
        return browser;
    }

    /// <summary>/connect/logout without a hint, then the confirmation page it sends the browser to.</summary>
    private static async Task<(HttpResponseMessage Redirect, string Html)> ConfirmationAsync(HttpClient browser, string? clientId, string? postLogout, string? state)
    {
        var redirect = await browser.GetAsync("/connect/logout" + PageClients.QueryString(
            ("client_id", clientId), ("post_logout_redirect_uri", postLogout), ("state", state)));
        Assert.Equal("/account/logout", PageClients.PathOf(redirect));
        var page = await BrowserFlow.FollowAsync(browser, redirect);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (redirect, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoHint_AsksToConfirm_ThenSignsOutAndReturnsWithState()
    {
        var browser = await SignedInAsync();
        var (redirect, html) = await ConfirmationAsync(browser, PageClients.App, PageClients.AppPostLogout, "confirm-state");
        Assert.Contains("Sign out of IdentityHost?", html);
        Assert.Contains(PageClients.AppName, html);
        Assert.True(await PageClients.IsSignedInAsync(browser));
        var form = Assert.Single(BrowserFlow.ParseForms(html, "/account/logout"));

        var response = await BrowserFlow.SubmitAsync(browser, form);

        Assert.Equal("/account/logout", form.Action);
        Assert.Equal(PageClients.App, form["client_id"]);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(PageClients.AppPostLogout + "?state=confirm-state", response.Headers.Location!.OriginalString);
        Assert.False(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task NoHint_UnregisteredPostLogoutUri_IsDroppedAndNeverUsed()
    {
        var browser = await SignedInAsync();
        var (redirect, html) = await ConfirmationAsync(browser, PageClients.App, "https://evil.example/", "s");
        var form = Assert.Single(BrowserFlow.ParseForms(html, "/account/logout"));

        var response = await BrowserFlow.SubmitAsync(browser, form);

        Assert.DoesNotContain("evil.example", redirect.Headers.Location!.OriginalString);
        Assert.False(form.Fields.ContainsKey("post_logout_redirect_uri"));
        Assert.Equal("/account/signed-out", response.Headers.Location!.OriginalString);
        Assert.False(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Post_WithTamperedPostLogoutUri_IsValidatedAgain()
    {
        var browser = await SignedInAsync();
        var (_, html) = await ConfirmationAsync(browser, PageClients.App, PageClients.AppPostLogout, "s");
        var form = Assert.Single(BrowserFlow.ParseForms(html, "/account/logout"));

        var response = await BrowserFlow.SubmitAsync(browser, form, ("post_logout_redirect_uri", "https://evil.example/"));

        Assert.Equal("/account/signed-out", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Is400AndKeepsTheSession()
    {
        var browser = await SignedInAsync();
        var (_, html) = await ConfirmationAsync(browser, PageClients.App, PageClients.AppPostLogout, "s");
        var form = Assert.Single(BrowserFlow.ParseForms(html, "/account/logout"));

        var response = await BrowserFlow.SubmitAsync(browser, form, (BrowserFlow.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task AccountPageSignOutButton_SignsOut()
    {
        var browser = await SignedInAsync();
        var form = await BrowserFlow.GetFormAsync(browser, "/account", "/account/logout");

        var response = await BrowserFlow.SubmitAsync(browser, form);

        Assert.Equal("/account/signed-out", response.Headers.Location!.OriginalString);
        Assert.False(await PageClients.IsSignedInAsync(browser));
    }
}
