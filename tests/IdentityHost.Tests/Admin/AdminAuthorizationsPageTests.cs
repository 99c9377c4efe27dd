using System.Net;
using IdentityHost.Admin;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Tests.Admin;

/// <summary><c>/admin/authorizations</c>: a user's or a client's active grants, and revoking one (audited).</summary>
public sealed class AdminAuthorizationsPageTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private Task<string> AuthorizationIdOfAsync(string userId, string clientId) =>
        AdminPages.WithDbAsync(factory, db => db.Authorizations.AsNoTracking()
            .Where(a => a.Subject == userId && a.ClientId == clientId && a.Status == AuthorizationStatuses.Valid)
            .Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task ListByUser_ShowsTheUsersActiveGrantsOnly()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        var other = await factory.CreateUserAsync(AdminPages.NewName());
        Assert.NotNull((await _http.PasswordAsync(user.UserName!)).RefreshToken);
        Assert.NotNull((await _http.PasswordAsync(user.UserName!, clientId: "other-app")).RefreshToken);
        Assert.NotNull((await _http.PasswordAsync(other.UserName!)).RefreshToken);
        var publicApp = await AuthorizationIdOfAsync(user.Id, "public-app");
        var otherApp = await AuthorizationIdOfAsync(user.Id, "other-app");
        var othersGrant = await AuthorizationIdOfAsync(other.Id, "public-app");

        var byName = await AdminPages.GetHtmlAsync(admin, "/admin/authorizations?user=" + user.UserName);
        var byId = await AdminPages.GetHtmlAsync(admin, "/admin/authorizations?user=" + user.Id);

        foreach (var html in new[] { byName, byId })
        {
            var ids = BrowserFlow.ParseForms(html, "/admin/authorizations").Select(f => f["id"]).ToList();
            Assert.Contains(publicApp, ids);
            Assert.Contains(otherApp, ids);
            Assert.DoesNotContain(othersGrant, ids);
        }
    }

    [Fact]
    public async Task ListByClient_ShowsThatClientsGrantsOnly()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        await _http.PasswordAsync(user.UserName!);
        await _http.PasswordAsync(user.UserName!, clientId: "other-app");
        var publicApp = await AuthorizationIdOfAsync(user.Id, "public-app");
        var otherApp = await AuthorizationIdOfAsync(user.Id, "other-app");

        var html = await AdminPages.GetHtmlAsync(admin, "/admin/authorizations?client=other-app");

        var ids = BrowserFlow.ParseForms(html, "/admin/authorizations").Select(f => f["id"]).ToList();
        Assert.Contains(otherApp, ids);
        Assert.DoesNotContain(publicApp, ids);
    }

    [Fact]
    public async Task ListByUnknownUser_SaysSo()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);

        var html = await AdminPages.GetHtmlAsync(admin, "/admin/authorizations?user=nobody-" + Guid.NewGuid().ToString("N"));

        Assert.Equal("No user has that username, email or id.", BrowserFlow.AlertText(html));
    }

    [Fact]
    public async Task Revoke_EndsThatGrantsRefreshTokenOnlyAndIsAudited()
    {
        var (admin, adminId) = await AdminPages.SignInAdminAsync(factory);
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        var revoked = (await _http.PasswordAsync(user.UserName!)).RefreshToken!;
        var kept = (await _http.PasswordAsync(user.UserName!, clientId: "other-app")).RefreshToken!;
        var authorizationId = await AuthorizationIdOfAsync(user.Id, "public-app");
        var listUrl = "/admin/authorizations?user=" + user.Id;
        var form = await AdminPages.FormAsync(admin, listUrl, "/admin/authorizations?handler=revoke", "id", authorizationId);

        var response = await AdminPages.SubmitAsync(admin, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("invalid_grant", (await _http.RefreshAsync(revoked)).Error);
        Assert.Equal(200, (await _http.RefreshAsync(kept, "other-app")).Status);
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.AuthorizationRevoked, authorizationId);
        Assert.Equal(adminId, audit.Actor);
        Assert.Contains(user.Id, audit.Details);
        Assert.Contains("public-app", audit.Details);
        // The list the admin returns to no longer shows it.
        var after = await AdminPages.GetHtmlAsync(admin, response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(BrowserFlow.ParseForms(after, listUrl), f => f["id"] == authorizationId);
        Assert.Contains("Authorization revoked.", after);
    }

    [Fact]
    public async Task ExpiredFamilies_AreNotListedAsActive()
    {
        var (admin, _) = await AdminPages.SignInAdminAsync(factory);
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        await _http.PasswordAsync(user.UserName!);
        var authorizationId = await AuthorizationIdOfAsync(user.Id, "public-app");
        await AdminPages.WithDbAsync(factory, db => db.Tokens.Where(t => t.AuthorizationId == authorizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UnixEpoch)));

        var html = await AdminPages.GetHtmlAsync(admin, "/admin/authorizations?user=" + user.Id);

        Assert.DoesNotContain(BrowserFlow.ParseForms(html, "/admin/authorizations"), f => f["id"] == authorizationId);
    }
}
