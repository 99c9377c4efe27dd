using System.Net;
using IdentityHost.Accounts;
using IdentityHost.Accounts.ExternalSignIn;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Tests.External;

/// <summary>
/// The linking rules of external sign-in (account takeover is the risk): a known login signs in its user, a verified
/// email links to a confirmed account only with its password, unverified emails never link nor get stored, a new
/// identity gets a new account with a unique username, and a locked account stays locked.
/// </summary>
public sealed class ExternalSignInRulesTests(ExternalSignInHost host) : IClassFixture<ExternalSignInHost>
{
    private static long _nextId = 7_000_000;

    private static long NewId() => Interlocked.Increment(ref _nextId);
    private static string NewName(string prefix = "gh") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
    private static string NewEmail() => $"{Guid.NewGuid().ToString("N")[..10]}@example.com";

    [Fact]
    public async Task NewGitHubIdentity_CreatesPasswordlessAccountNamedAfterLogin_WithVerifiedEmailConfirmed()
    {
        var email = NewEmail();
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var key = host.GitHub.Put(account);
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(AccountPaths.Home, response.Headers.Location!.OriginalString);
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.Equal(account.Login, user.UserName);
        Assert.Equal(email, user.Email);
        Assert.True(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
        Assert.Equal(account.Login, await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task NewIdentity_UsernameTaken_GetsNumericSuffix_AndLeavesTheOtherAccountAlone()
    {
        var login = NewName();
        var local = await host.CreateUserAsync(login);
        var taken2 = await host.CreateUserAsync(login + "2");
        var account = GitHubAccount.With(NewId(), login, email: null);
        var key = host.GitHub.Put(account);

        var response = await ExternalFlow.SignInAsync(host.CreateBrowser(), host.GitHub, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.Equal(login + "3", user.UserName);
        Assert.NotEqual(local.Id, user.Id);
        Assert.NotEqual(taken2.Id, user.Id);
        Assert.Empty(await host.ReadUserAsync(local.Id, (users, u) => users.GetLoginsAsync(u)));
    }

    [Fact]
    public async Task Google_NewIdentity_UsernameFromVerifiedEmailLocalPart()
    {
        var local = "jane.doe." + Guid.NewGuid().ToString("N")[..6];
        var account = new GoogleAccount(NewId().ToString(), $"{local}@gmail.example", EmailVerified: true, "Jane Doe");
        var key = host.Google.Put(account);

        var response = await ExternalFlow.SignInAsync(host.CreateBrowser(), host.Google, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var user = await host.FindByLoginAsync("google", account.Sub);
        Assert.NotNull(user);
        Assert.Equal(local, user.UserName);
        Assert.Equal(account.Email, user.Email);
        Assert.True(user.EmailConfirmed);
    }

    [Fact]
    public async Task GitHub_UnverifiedEmail_NeverLinks_AndIsNotStored()
    {
        // The victim's account has a confirmed email; the attacker's GitHub account shows the same address, unverified
        // in the emails list and as its public profile email.
        var email = NewEmail();
        var victim = await host.CreateUserAsync(NewName("victim"), email: email);
        var account = GitHubAccount.With(NewId(), NewName(), email, verified: false);
        var key = host.GitHub.Put(account);
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(AccountPaths.Home, response.Headers.Location!.OriginalString);
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.NotEqual(victim.Id, user.Id);
        Assert.Null(user.Email);
        Assert.False(user.EmailConfirmed);
        Assert.Empty(await host.ReadUserAsync(victim.Id, (users, u) => users.GetLoginsAsync(u)));
        Assert.Equal(account.Login, await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task GitHub_VerifiedButNotPrimaryEmail_IsNotUsed()
    {
        var email = NewEmail();
        var account = new GitHubAccount(NewId(), NewName(), null, null,
            [new GitHubEmail(NewEmail(), Primary: true, Verified: false), new GitHubEmail(email, Primary: false, Verified: true)]);
        var key = host.GitHub.Put(account);

        await ExternalFlow.SignInAsync(host.CreateBrowser(), host.GitHub, key);

        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.Null(user.Email);
    }

    [Fact]
    public async Task Google_EmailVerifiedFalse_NeverLinks_AndIsNotStored()
    {
        var email = NewEmail();
        var victim = await host.CreateUserAsync(NewName("victim"), email: email);
        var account = new GoogleAccount(NewId().ToString(), email, EmailVerified: false, "Mallory");
        var key = host.Google.Put(account);

        var response = await ExternalFlow.SignInAsync(host.CreateBrowser(), host.Google, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var user = await host.FindByLoginAsync("google", account.Sub);
        Assert.NotNull(user);
        Assert.NotEqual(victim.Id, user.Id);
        Assert.Null(user.Email);
        Assert.StartsWith("user", user.UserName); // no verified email, no login: the fallback name
        Assert.Empty(await host.ReadUserAsync(victim.Id, (users, u) => users.GetLoginsAsync(u)));
    }

    [Fact]
    public async Task VerifiedEmail_OfUnconfirmedLocalAccount_DoesNotLink_NewAccountWithoutEmail()
    {
        var email = NewEmail();
        var squatter = await host.CreateUserAsync(NewName("squat"));
        await host.WithUserAsync(squatter.UserName!, async (users, u) =>
        {
            u.Email = email;
            u.EmailConfirmed = false;
            Assert.True((await users.UpdateAsync(u)).Succeeded);
        });
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var key = host.GitHub.Put(account);

        var response = await ExternalFlow.SignInAsync(host.CreateBrowser(), host.GitHub, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(AccountPaths.Home, response.Headers.Location!.OriginalString);
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        Assert.NotEqual(squatter.Id, user.Id);
        Assert.Null(user.Email);
        Assert.Empty(await host.ReadUserAsync(squatter.Id, (users, u) => users.GetLoginsAsync(u)));
    }

    [Fact]
    public async Task VerifiedEmail_OfConfirmedAccount_AsksForItsPassword_BeforeLinking()
    {
        var email = NewEmail();
        var owner = await host.CreateUserAsync(NewName("owner"), email: email);
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var key = host.GitHub.Put(account);
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, key, returnUrl: "/account?from=test");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(ExternalFlow.LinkExistingPath, response.Headers.Location!.OriginalString);
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));

        var page = await browser.GetAsync(ExternalFlow.LinkExistingPath);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(owner.UserName!, html);
        Assert.Contains(email, html);
        Assert.Single(BrowserFlow.ParseForms(html, ExternalFlow.LinkExistingPath), f => f.Action == ExternalFlow.LinkExistingPath);
    }

    [Fact]
    public async Task LinkExisting_WrongPassword_DoesNotLink_AndCountsTowardLockout()
    {
        var email = NewEmail();
        var owner = await host.CreateUserAsync(NewName("owner"), email: email);
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var browser = host.CreateBrowser();
        await ExternalFlow.SignInAsync(browser, host.GitHub, host.GitHub.Put(account));
        var form = await BrowserFlow.GetFormAsync(browser, ExternalFlow.LinkExistingPath, ExternalFlow.LinkExistingPath);

        var response = await BrowserFlow.SubmitAsync(browser, form, ("Password", "Wrong-pass1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The username or password is incorrect.", BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));
        Assert.Equal(1, await host.ReadUserAsync(owner.Id, (users, u) => users.GetAccessFailedCountAsync(u)));
    }

    [Fact]
    public async Task LinkExisting_LockoutApplies_TheRightPasswordNoLongerLinksOnceLocked()
    {
        var email = NewEmail();
        var owner = await host.CreateUserAsync(NewName("owner"), email: email);
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var browser = host.CreateBrowser();
        await ExternalFlow.SignInAsync(browser, host.GitHub, host.GitHub.Put(account));
        var form = await BrowserFlow.GetFormAsync(browser, ExternalFlow.LinkExistingPath, ExternalFlow.LinkExistingPath);
        for (var attempt = 0; attempt < 5; attempt++) // Identity's default MaxFailedAccessAttempts
        {
            await BrowserFlow.SubmitAsync(browser, form, ("Password", "Wrong-pass1"));
        }

        var response = await BrowserFlow.SubmitAsync(browser, form, ("Password", IdentityHostFactory.Password));

        Assert.True(await host.ReadUserAsync(owner.Id, (users, u) => users.IsLockedOutAsync(u)));
        Assert.NotEqual(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("The username or password is incorrect.", BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task LinkExisting_RightPassword_Links_SignsIn_ThenTheProviderAloneSignsIn()
    {
        var email = NewEmail();
        var owner = await host.CreateUserAsync(NewName("owner"), email: email);
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var key = host.GitHub.Put(account);
        var browser = host.CreateBrowser();
        await ExternalFlow.SignInAsync(browser, host.GitHub, key, returnUrl: "/account?from=test");
        var form = await BrowserFlow.GetFormAsync(browser, ExternalFlow.LinkExistingPath, ExternalFlow.LinkExistingPath);

        var linked = await BrowserFlow.SubmitAsync(browser, form, ("Password", IdentityHostFactory.Password));

        Assert.Equal(HttpStatusCode.Found, linked.StatusCode);
        Assert.Equal("/account?from=test", linked.Headers.Location!.OriginalString);
        Assert.Equal(owner.Id, (await host.FindByLoginAsync("github", account.Id.ToString()))?.Id);
        Assert.Equal(owner.UserName, await ExternalFlow.SignedInUserNameAsync(browser));

        var again = host.CreateBrowser();
        var second = await ExternalFlow.SignInAsync(again, host.GitHub, key);
        Assert.Equal(AccountPaths.Home, second.Headers.Location!.OriginalString);
        Assert.Equal(owner.UserName, await ExternalFlow.SignedInUserNameAsync(again));
    }

    [Fact]
    public async Task LinkExisting_WithoutExternalSignIn_GoesBackToLogin()
    {
        var response = await host.CreateBrowser().GetAsync(ExternalFlow.LinkExistingPath);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("failed", ExternalFlow.QueryOf(response)["external_error"]);
    }

    [Fact]
    public async Task VerifiedEmail_OfConfirmedAccountWithoutPassword_AsksToSignInAndLinkFromTheAccountPage()
    {
        // The account was created by a Google sign-in (no password); the same person now tries GitHub.
        var email = NewEmail();
        var google = new GoogleAccount(NewId().ToString(), email, EmailVerified: true, "Sam");
        await ExternalFlow.SignInAsync(host.CreateBrowser(), host.Google, host.Google.Put(google));
        var owner = await host.FindByLoginAsync("google", google.Sub);
        Assert.NotNull(owner);
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, host.GitHub.Put(account));

        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("link-required", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Contains("link GitHub on your account page", await ExternalFlow.AlertAfterAsync(browser, response));
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task KnownLogin_EmailChangedAtProvider_StillSignsInItsUser()
    {
        var account = GitHubAccount.With(NewId(), NewName(), NewEmail());
        var key = host.GitHub.Put(account);
        await ExternalFlow.SignInAsync(host.CreateBrowser(), host.GitHub, key);
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        // The new address even belongs to another confirmed account here: the login decides, not the email.
        var otherEmail = NewEmail();
        var other = await host.CreateUserAsync(NewName("other"), email: otherEmail);
        host.GitHub.Put(account with { Emails = [new GitHubEmail(otherEmail, Primary: true, Verified: true)] }, key);
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, key);

        Assert.Equal(AccountPaths.Home, response.Headers.Location!.OriginalString);
        Assert.Equal(user.UserName, await ExternalFlow.SignedInUserNameAsync(browser));
        Assert.Empty(await host.ReadUserAsync(other.Id, (users, u) => users.GetLoginsAsync(u)));
    }

    [Fact]
    public async Task LockedOutUser_IsRefusedThroughTheProvider()
    {
        var account = GitHubAccount.With(NewId(), NewName(), NewEmail());
        var key = host.GitHub.Put(account);
        await ExternalFlow.SignInAsync(host.CreateBrowser(), host.GitHub, key);
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        await host.WithUserAsync(user!.UserName!, (users, u) => users.SetLockoutEndDateAsync(u, DateTimeOffset.MaxValue));
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, key, returnUrl: "/account?x=1");

        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("locked", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Equal("/account?x=1", ExternalFlow.QueryOf(response)["ReturnUrl"]);
        Assert.Equal(ExternalSignInMessages.LockedOut, await ExternalFlow.AlertAfterAsync(browser, response));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task LockedOutOwnerOfVerifiedEmail_IsRefused_NotAskedForItsPassword()
    {
        var email = NewEmail();
        var owner = await host.CreateUserAsync(NewName("owner"), email: email);
        await host.WithUserAsync(owner.UserName!, (users, u) => users.SetLockoutEndDateAsync(u, DateTimeOffset.MaxValue));
        var account = GitHubAccount.With(NewId(), NewName(), email);
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, host.GitHub.Put(account));

        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("locked", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
    }

    [Fact]
    public async Task CancelledAtProvider_ReturnsToLoginWithMessage_KeepingTheReturnUrl()
    {
        var key = host.GitHub.Put(GitHubAccount.With(NewId(), NewName(), NewEmail()));
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.GitHub, key, returnUrl: "/account?y=2", deny: true);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("cancelled", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Equal("/account?y=2", ExternalFlow.QueryOf(response)["ReturnUrl"]);
        Assert.Equal("Sign-in with GitHub was cancelled. Sign in another way, or try again.", await ExternalFlow.AlertAfterAsync(browser, response));
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(browser));
    }

    [Fact]
    public async Task Google_CancelledAtProvider_SaysGoogle()
    {
        var key = host.Google.Put(new GoogleAccount(NewId().ToString(), NewEmail(), true, "G"));
        var browser = host.CreateBrowser();

        var response = await ExternalFlow.SignInAsync(browser, host.Google, key, deny: true);

        Assert.Equal("cancelled", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.StartsWith("Sign-in with Google was cancelled.", await ExternalFlow.AlertAfterAsync(browser, response));
    }

    [Fact]
    public async Task CallbackInAnotherBrowser_FailsTheCorrelationCheck()
    {
        // Login CSRF: an attacker gets a victim's browser to complete the attacker's sign-in.
        var account = GitHubAccount.With(NewId(), NewName(), NewEmail());
        var attacker = host.CreateBrowser();
        var challenge = await ExternalFlow.PressSignInButtonAsync(attacker, host.GitHub);
        var atProvider = await ExternalFlow.ToCallbackAsync(host.GitHub, challenge, host.GitHub.Put(account));
        var victim = host.CreateBrowser();

        var response = await ExternalFlow.BackAtIdentityHostAsync(victim, atProvider);

        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("failed", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(victim));
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
    }

    [Fact]
    public async Task TamperedState_Fails()
    {
        var account = GitHubAccount.With(NewId(), NewName(), NewEmail());
        var browser = host.CreateBrowser();
        var challenge = await ExternalFlow.PressSignInButtonAsync(browser, host.GitHub);
        var atProvider = await ExternalFlow.ToCallbackAsync(host.GitHub, challenge, host.GitHub.Put(account));
        var callback = atProvider.Headers.Location!.AbsoluteUri;
        var query = QueryHelpers.ParseQuery(atProvider.Headers.Location.Query);
        var tampered = QueryHelpers.AddQueryString("http://localhost/signin-github", new Dictionary<string, string?>
        {
            ["code"] = query["code"], ["state"] = query["state"].ToString()[..^4] + "AAAA",
        });

        var response = await browser.GetAsync(tampered);

        Assert.NotEqual(callback, tampered);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
        Assert.Equal("failed", ExternalFlow.QueryOf(response)["external_error"]);
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
    }

    [Fact]
    public async Task ExternalReturnUrl_IsNotFollowed()
    {
        var key = host.GitHub.Put(GitHubAccount.With(NewId(), NewName(), NewEmail()));

        var response = await ExternalFlow.SignInAsync(host.CreateBrowser(), host.GitHub, key, returnUrl: "https://evil.example/");

        Assert.Equal(AccountPaths.Home, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ChallengeWithoutAntiforgeryToken_Is400()
    {
        var browser = host.CreateBrowser();
        var form = await BrowserFlow.GetFormAsync(browser, BrowserFlow.LoginPath, ExternalFlow.ButtonAction(host.GitHub));

        var response = await BrowserFlow.SubmitAsync(browser, form, (BrowserFlow.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ProviderSignIn_WhileSignedInAsSomeoneElse_ReplacesTheSession()
    {
        var account = GitHubAccount.With(NewId(), NewName(), NewEmail());
        var browser = host.CreateBrowser();
        var local = await host.CreateUserAsync(NewName("pw"));
        await BrowserFlow.SignInAsync(browser, local.UserName!);
        Assert.Equal(local.UserName, await ExternalFlow.SignedInUserNameAsync(browser));

        await ExternalFlow.SignInAsync(browser, host.GitHub, host.GitHub.Put(account));

        Assert.Equal(account.Login, await ExternalFlow.SignedInUserNameAsync(browser));
        Assert.Empty(await host.ReadUserAsync(local.Id, (users, u) => users.GetLoginsAsync(u)));
    }
}
