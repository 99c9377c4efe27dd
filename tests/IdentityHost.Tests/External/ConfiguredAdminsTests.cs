using IdentityHost.Accounts.ExternalSignIn;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.External;

/// <summary>
/// <c>Admins</c>: a listed provider login or provider-verified email gets the admin role at external sign-in, loses it
/// at the next sign-in once no longer listed, and an operator-made admin is never demoted by the list.
/// </summary>
public sealed class ConfiguredAdminsTests : IDisposable
{
    private const long AdminGitHubId = 424242;
    private const string AdminEmail = "Boss@Example.com";
    private readonly ExternalSignInHost _host = ExternalSignInHost.With(settings =>
    {
        settings["Admins:Logins:0"] = $"github:{AdminGitHubId}";
        settings["Admins:Emails:0"] = AdminEmail;
    });

    public void Dispose() => _host.Dispose();

    private Task<bool> IsAdminAsync(string userId) =>
        _host.ReadUserAsync(userId, (users, u) => users.IsInRoleAsync(u, ConfiguredAdmins.Role));

    private async Task<string> SignInAsync(ProviderStandIn provider, string key, string loginProvider, string providerKey)
    {
        var response = await ExternalFlow.SignInAsync(_host.CreateBrowser(), provider, key);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
        return (await _host.FindByLoginAsync(loginProvider, providerKey))!.Id;
    }

    /// <summary>Replaces the Admins lists and reloads configuration, as an edited appsettings.json would.</summary>
    private void SetAdmins(string login, string email)
    {
        var configuration = (IConfigurationRoot)_host.Services.GetRequiredService<IConfiguration>();
        configuration["Admins:Logins:0"] = login;
        configuration["Admins:Emails:0"] = email;
        configuration.Reload();
    }

    [Fact]
    public async Task ListedGitHubLogin_GetsAdminRole()
    {
        var key = _host.GitHub.Put(GitHubAccount.With(AdminGitHubId, "the-admin", "admin-gh@example.com"));

        var userId = await SignInAsync(_host.GitHub, key, "github", AdminGitHubId.ToString());

        Assert.True(await IsAdminAsync(userId));
    }

    [Fact]
    public async Task UnlistedLogin_IsNotAdmin()
    {
        var key = _host.GitHub.Put(GitHubAccount.With(AdminGitHubId + 1, "not-admin", "someone@example.com"));

        var userId = await SignInAsync(_host.GitHub, key, "github", (AdminGitHubId + 1).ToString());

        Assert.False(await IsAdminAsync(userId));
    }

    [Fact]
    public async Task ListedVerifiedEmail_GetsAdminRole_CaseInsensitively()
    {
        var key = _host.Google.Put(new GoogleAccount("g-boss", AdminEmail.ToLowerInvariant(), EmailVerified: true, "Boss"));

        var userId = await SignInAsync(_host.Google, key, "google", "g-boss");

        Assert.True(await IsAdminAsync(userId));
    }

    [Fact]
    public async Task ListedButUnverifiedEmail_DoesNotGrantAdmin()
    {
        var key = _host.Google.Put(new GoogleAccount("g-impostor", AdminEmail, EmailVerified: false, "Impostor"));

        var userId = await SignInAsync(_host.Google, key, "google", "g-impostor");

        Assert.False(await IsAdminAsync(userId));
    }

    [Fact]
    public async Task RemovedFromTheList_LosesTheRoleAtTheNextSignIn()
    {
        var key = _host.GitHub.Put(GitHubAccount.With(AdminGitHubId, "the-admin", "admin-gh@example.com"));
        var userId = await SignInAsync(_host.GitHub, key, "github", AdminGitHubId.ToString());
        Assert.True(await IsAdminAsync(userId));

        SetAdmins("github:1", "nobody@example.com");
        await SignInAsync(_host.GitHub, key, "github", AdminGitHubId.ToString());

        Assert.False(await IsAdminAsync(userId));
        var claims = await _host.ReadUserAsync(userId, (users, u) => users.GetClaimsAsync(u));
        Assert.DoesNotContain(claims, c => c.Type == ConfiguredAdmins.GrantClaimType);
    }

    [Fact]
    public async Task ListedByGitHubId_StaysAdminWhenSigningInWithALinkedGoogleLogin()
    {
        var gitHubKey = _host.GitHub.Put(GitHubAccount.With(AdminGitHubId, "the-admin", "admin-gh@example.com"));
        var browser = _host.CreateBrowser();
        await ExternalFlow.SignInAsync(browser, _host.GitHub, gitHubKey);
        var googleKey = _host.Google.Put(new GoogleAccount("g-admin-too", "other-address@example.com", true, "Admin"));
        await ExternalFlow.LinkAsync(browser, _host.Google, googleKey);

        var userId = await SignInAsync(_host.Google, googleKey, "google", "g-admin-too");

        Assert.Equal((await _host.FindByLoginAsync("github", AdminGitHubId.ToString()))!.Id, userId);
        Assert.True(await IsAdminAsync(userId));
    }

    [Fact]
    public async Task OperatorMadeAdmin_NotListed_KeepsTheRole()
    {
        var local = await _host.CreateUserAsync("operator-admin", roles: ConfiguredAdmins.Role);
        var browser = _host.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, local.UserName!);
        var key = _host.GitHub.Put(GitHubAccount.With(AdminGitHubId + 2, "operator-gh", null));
        await ExternalFlow.LinkAsync(browser, _host.GitHub, key);

        await SignInAsync(_host.GitHub, key, "github", (AdminGitHubId + 2).ToString());

        Assert.True(await IsAdminAsync(local.Id));
    }

    [Fact]
    public async Task AdminRole_ReachesTheTokens_WithTheRolesScope()
    {
        var key = _host.GitHub.Put(GitHubAccount.With(AdminGitHubId, "the-admin", "admin-gh@example.com"));
        var browser = _host.CreateBrowser();

        var tokens = await ExternalCodeFlow.RunAsync(_host, browser, _host.GitHub, key, scope: "openid roles");

        Assert.Contains("admin", ExternalCodeFlow.Payload(tokens.AccessToken!).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
