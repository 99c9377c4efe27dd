using System.Net;
using IdentityHost.Admin;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// <c>/admin/users</c>: search, lock, unlock, sign out everywhere and delete, each through the real pages with
/// antiforgery, each leaving an audit record of who did what to whom.
/// </summary>
public sealed class AdminUsersPageTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static string UserRowForm(string handler) => $"/admin/users?handler={handler}";

    private async Task<HttpResponseMessage> PostRowActionAsync(HttpClient admin, string handler, IdentityHost.Accounts.ApplicationUser target)
    {
        var form = await AdminPages.FormAsync(admin, "/admin/users?search=" + target.UserName, UserRowForm(handler), "id", target.Id);
        return await AdminPages.SubmitAsync(admin, form);
    }

    [Fact]
    public async Task Search_MatchesUsernameOrEmailPart_CaseInsensitively()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync($"byname-{tag}");
        await factory.CreateUserAsync(AdminPages.NewName(), email: $"byemail-{tag}@example.com");
        var other = await factory.CreateUserAsync(AdminPages.NewName());

        var html = await AdminPages.GetHtmlAsync(admin, "/admin/users?search=" + tag.ToUpperInvariant());

        Assert.Contains($"byname-{tag}", html);
        Assert.Contains($"byemail-{tag}@example.com", html);
        Assert.DoesNotContain(other.UserName!, html);
    }

    [Fact]
    public async Task Lock_RefusesSignInRevokesRefreshTokensAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(target.UserName!)).RefreshToken!;

        var response = await PostRowActionAsync(admin, "lock", target);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await factory.WithUserAsync(target.UserName!, async (users, user) => Assert.True(await users.IsLockedOutAsync(user)));
        Assert.Equal("invalid_grant", (await _http.PasswordAsync(target.UserName!)).Error);
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refresh)).Error);
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserLocked, target.Id);
        Assert.Equal(adminId, audit.Actor);
        Assert.Contains(target.UserName!, audit.Details);
        Assert.Contains("admin area", audit.Details);
        Assert.InRange(audit.OccurredAt, factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(-5), factory.Clock.GetUtcNow().UtcDateTime);
        // After the redirect, the page says what happened.
        Assert.Contains("locked", await AdminPages.GetHtmlAsync(admin, response.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Unlock_RestoresSignInAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        Assert.Equal(HttpStatusCode.Redirect, (await PostRowActionAsync(admin, "lock", target)).StatusCode);

        var response = await PostRowActionAsync(admin, "unlock", target);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(200, (await _http.PasswordAsync(target.UserName!)).Status);
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserUnlocked, target.Id)).Actor);
    }

    [Fact]
    public async Task SignOutEverywhere_RevokesRefreshTokensEndsBrowserSessionAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var bystander = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(target.UserName!)).RefreshToken!;
        var bystanderRefresh = (await _http.PasswordAsync(bystander.UserName!)).RefreshToken!;
        var targetBrowser = await AdminPages.SignInAsync(factory, target.UserName!);
        Assert.True(await AdminPages.IsSignedInAsync(targetBrowser));

        var response = await PostRowActionAsync(admin, "signout", target);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refresh)).Error);
        AdminPages.PassStampValidationInterval(factory);
        Assert.False(await AdminPages.IsSignedInAsync(targetBrowser)); // the cookie's stamp is re-checked and refused
        Assert.Equal(200, (await _http.RefreshAsync(bystanderRefresh)).Status); // nobody else is signed out
        Assert.True(await AdminPages.IsSignedInAsync(admin));
        Assert.Equal(200, (await _http.PasswordAsync(target.UserName!)).Status); // not locked: may sign in again
        Assert.Equal(adminId, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserSignedOutEverywhere, target.Id)).Actor);
    }

    [Fact]
    public async Task Delete_AsksForConfirmationThenDeletesAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var target = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(target.UserName!)).RefreshToken!;
        var confirmUrl = $"/admin/users/{target.Id}/delete";

        var confirmation = await AdminPages.GetHtmlAsync(admin, confirmUrl);
        await factory.WithUserAsync(target.UserName!, (_, _) => Task.CompletedTask); // the GET deleted nothing
        var form = Assert.Single(BrowserFlow.ParseForms(confirmation, confirmUrl));
        var response = await AdminPages.SubmitAsync(admin, form);

        Assert.Contains(target.UserName!, confirmation);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/users", response.Headers.Location!.OriginalString);
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithUserAsync(target.UserName!, (_, _) => Task.CompletedTask));
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refresh)).Error);
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserDeleted, target.Id);
        Assert.Equal(adminId, audit.Actor);
        Assert.Contains(target.UserName!, audit.Details); // the name survives the account in the log
    }

    [Fact]
    public async Task Delete_UnknownUser_Is404()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);

        var response = await admin.GetAsync("/admin/users/no-such-user/delete");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LockingYourOwnAccount_IsRefusedAndNotAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var self = await factory.Services.GetUserAsync(adminId);

        var response = await PostRowActionAsync(admin, "lock", self);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("cannot lock your own account", await AdminPages.GetHtmlAsync(admin, response.Headers.Location!.OriginalString));
        await factory.WithUserAsync(self.UserName!, async (users, user) => Assert.False(await users.IsLockedOutAsync(user)));
        Assert.DoesNotContain(await AdminPages.AuditEventsAsync(factory), e => e.Subject == adminId && e.Action == AuditActions.UserLocked);
    }
}
