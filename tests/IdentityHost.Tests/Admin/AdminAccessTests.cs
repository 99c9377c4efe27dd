using System.Net;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// Who reaches <c>/admin</c>: admins signed in with the browser session; anonymous visitors are sent to the login
/// page, signed-in non-admins get a 403 page; every form needs its antiforgery token; only admins see the Admin link.
/// </summary>
public sealed class AdminAccessTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/admin/clients")]
    [InlineData("/admin/clients/new")]
    [InlineData("/admin/authorizations")]
    [InlineData("/admin/audit")]
    public async Task Anonymous_IsRedirectedToLoginWithReturnUrl(string path)
    {
        var response = await factory.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, response.Headers.Location!.AbsolutePath);
        Assert.Equal(path, BrowserFlow.ReturnUrlOf(response));
    }

    [Fact]
    public async Task Anonymous_PostingAnAction_IsRedirectedToLoginAndChangesNothing()
    {
        var target = await factory.CreateUserAsync(AdminPages.NewName());

        var response = await factory.CreateBrowser().PostAsync("/admin/users?handler=lock",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = target.Id }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, response.Headers.Location!.AbsolutePath);
        await factory.WithUserAsync(target.UserName!, async (users, user) => Assert.False(await users.IsLockedOutAsync(user)));
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit")]
    public async Task SignedInNonAdmin_Gets403Page(string path)
    {
        var name = AdminPages.NewName();
        await factory.CreateUserAsync(name, roles: ["auditor"]);
        var browser = await AdminPages.SignInAsync(factory, name);

        var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("Access denied", html);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single()); // the pages' security headers apply
        Assert.True(await AdminPages.IsSignedInAsync(browser)); // refused, not signed out
    }

    [Fact]
    public async Task SignedInNonAdmin_PostingAnAction_Is403AndChangesNothing()
    {
        var name = AdminPages.NewName();
        await factory.CreateUserAsync(name);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var browser = await AdminPages.SignInAsync(factory, name);
        // A valid antiforgery token of this user's own session, from a page they may see.
        var ownForm = await BrowserFlow.GetFormAsync(browser, "/account/logout");

        var response = await AdminPages.PostFieldsAsync(browser, ownForm with { Action = "/admin/users?handler=lock" }, ("id", target.Id));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await factory.WithUserAsync(target.UserName!, async (users, user) => Assert.False(await users.IsLockedOutAsync(user)));
    }

    [Fact]
    public async Task Admin_ReachesEveryPage()
    {
        var (browser, _) = await AdminPages.SignInAdminAsync(factory);

        foreach (var path in new[] { "/admin", "/admin/users", "/admin/clients", "/admin/clients/new", "/admin/authorizations", "/admin/audit" })
        {
            var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task Admin_PostWithoutAntiforgeryToken_Is400AndChangesNothing()
    {
        var (browser, _) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var form = await AdminPages.FormAsync(browser, "/admin/users?search=" + target.UserName, "/admin/users?handler=lock", "id", target.Id);

        var response = await BrowserFlow.SubmitAsync(browser, form, (BrowserFlow.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await factory.WithUserAsync(target.UserName!, async (users, user) => Assert.False(await users.IsLockedOutAsync(user)));
        Assert.DoesNotContain(await AdminPages.AuditEventsAsync(factory), e => e.Subject == target.Id);
    }

    [Fact]
    public async Task EveryAdminForm_CarriesAnAntiforgeryToken()
    {
        var (browser, _) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var pages = new[]
        {
            "/admin/users", $"/admin/users/{target.Id}/delete", "/admin/clients/new", "/admin/clients/confidential-app/edit",
            "/admin/clients/confidential-app/secret", "/admin/clients/confidential-app/remove",
        };

        foreach (var page in pages)
        {
            var forms = BrowserFlow.ParseForms(await AdminPages.GetHtmlAsync(browser, page), page);
            Assert.NotEmpty(forms);
            Assert.All(forms, f => Assert.False(string.IsNullOrEmpty(f[BrowserFlow.AntiforgeryField]), $"{page}: form to {f.Action}"));
        }
    }

    [Fact]
    public async Task AdminLink_IsShownToAdminsOnly()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var name = AdminPages.NewName();
        await factory.CreateUserAsync(name);
        var user = await AdminPages.SignInAsync(factory, name);

        Assert.Contains("href=\"/admin\"", await AdminPages.GetHtmlAsync(admin, "/account"));
        Assert.DoesNotContain("href=\"/admin\"", await AdminPages.GetHtmlAsync(user, "/account"));
        Assert.DoesNotContain("href=\"/admin\"", await AdminPages.GetHtmlAsync(factory.CreateBrowser(), "/account/login"));
    }

    [Fact]
    public async Task AdminRoleRemoved_EndsAccessWithinTheValidationInterval()
    {
        var (browser, adminId) = await AdminPages.SignInAdminAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityHost.Accounts.ApplicationUser>>();
            var admin = await users.FindByIdAsync(adminId);
            Assert.True((await users.RemoveFromRoleAsync(admin!, AdminPages.AdminRole)).Succeeded);
        }

        AdminPages.PassStampValidationInterval(factory);
        var response = await browser.GetAsync("/admin");

        // The session is still valid (its stamp did not change), but its roles were re-read from the store.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
