using System.Net;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Pages;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// "Sign out everywhere" from the admin area ends a browser session for the protocol at once: it can no longer
/// obtain an authorization code (or reach the account page), without waiting for Identity's periodic cookie check.
/// </summary>
public sealed class SignOutEverywhereTests(SignOutEverywhereTests.Host factory) : IClassFixture<SignOutEverywhereTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithPageClients();
    }

    [Fact]
    public async Task SignedOutSession_CannotObtainACodeEvenBeforeTheCookieIsRechecked()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var browser = factory.CreateBrowser();
        var first = await BrowserFlow.AuthorizeAsync(browser, PageClients.AuthorizeUrl(), target.UserName!);
        Assert.True(PageClients.QueryOf(first).ContainsKey("code")); // the session works and consent is remembered
        var form = await AdminPages.FormAsync(admin, "/admin/users?search=" + target.UserName, "/admin/users?handler=signout", "id", target.Id);

        Assert.Equal(HttpStatusCode.Redirect, (await AdminPages.SubmitAsync(admin, form)).StatusCode);
        var again = await browser.GetAsync(PageClients.AuthorizeUrl(state: "after"));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, PageClients.PathOf(again));
        Assert.False(await AdminPages.IsSignedInAsync(browser));
    }
}
