using System.Net;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;

namespace IdentityHost.Tests.External;

/// <summary>
/// <c>Authentication:AutoLinkVerifiedEmails</c> = true: a provider-verified email links to the account whose email is
/// confirmed without asking for its password — and still nothing else links.
/// </summary>
public sealed class AutoLinkVerifiedEmailsTests : IDisposable
{
    private static long _nextId = 6_000_000;
    private readonly ExternalSignInHost _host = ExternalSignInHost.With(s => s["Authentication:AutoLinkVerifiedEmails"] = "true");

    public void Dispose() => _host.Dispose();

    private static long NewId() => Interlocked.Increment(ref _nextId);
    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
    private static string NewEmail() => $"{Guid.NewGuid().ToString("N")[..10]}@example.com";

    [Fact]
    public async Task VerifiedEmail_OfConfirmedAccount_LinksWithoutPassword_AndSignsIn()
    {
        var email = NewEmail();
        var owner = await _host.CreateUserAsync(NewName("owner"), email: email);
        var google = new GoogleAccount(NewId().ToString(), email, EmailVerified: true, "Owner");
        var browser = _host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, _host.Google, _host.Google.Put(google), returnUrl: "/account?auto=1");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account?auto=1", response.Headers.Location!.OriginalString);
        Assert.Equal(owner.Id, (await _host.FindByLoginAsync("google", google.Sub))?.Id);
        Assert.Equal(owner.UserName, await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task UnverifiedEmail_StillNeverLinks()
    {
        var email = NewEmail();
        var owner = await _host.CreateUserAsync(NewName("owner"), email: email);
        var account = GitHubAccount.With(NewId(), NewName("gh"), email, verified: false);

        await ExternalFlow.SignInAsync(_host.CreateBrowser(), _host.GitHub, _host.GitHub.Put(account));

        var user = await _host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.NotEqual(owner.Id, user.Id);
        Assert.Null(user.Email);
    }

    [Fact]
    public async Task VerifiedEmail_OfUnconfirmedAccount_StillNotLinked()
    {
        var email = NewEmail();
        var squatter = await _host.CreateUserAsync(NewName("squat"));
        await _host.WithUserAsync(squatter.UserName!, async (users, u) =>
        {
            u.Email = email;
            Assert.True((await users.UpdateAsync(u)).Succeeded);
        });
        var account = GitHubAccount.With(NewId(), NewName("gh"), email);

        await ExternalFlow.SignInAsync(_host.CreateBrowser(), _host.GitHub, _host.GitHub.Put(account));

        var user = await _host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.NotEqual(squatter.Id, user.Id);
    }

    [Fact]
    public async Task LockedOwnerOfVerifiedEmail_IsRefused_AndNothingIsLinked()
    {
        var email = NewEmail();
        var owner = await _host.CreateUserAsync(NewName("owner"), email: email);
        await _host.WithUserAsync(owner.UserName!, (users, u) => users.SetLockoutEndDateAsync(u, DateTimeOffset.MaxValue));
        var account = GitHubAccount.With(NewId(), NewName("gh"), email);
        var browser = _host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, _host.GitHub, _host.GitHub.Put(account));

        Assert.Equal("locked", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Null(await _host.FindByLoginAsync("github", account.Id.ToString()));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));
    }
}
