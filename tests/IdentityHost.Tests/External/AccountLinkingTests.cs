using System.Net;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;

namespace IdentityHost.Tests.External;

/// <summary>
/// The account page: linked logins listed, another provider linked while signed in (never one that belongs to
/// someone else), and unlinking — never the last way to sign in.
/// </summary>
public sealed class AccountLinkingTests(ExternalSignInHost host) : IClassFixture<ExternalSignInHost>
{
    private static long _nextId = 8_000_000;

    private static long NewId() => Interlocked.Increment(ref _nextId);
    private static string NewName(string prefix = "acct") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
    private static string NewEmail() => $"{Guid.NewGuid().ToString("N")[..10]}@example.com";

    /// <summary>A browser signed in through GitHub as a new account (no password).</summary>
    private async Task<(HttpClient Browser, GitHubAccount Account, string UserId)> GitHubUserAsync()
    {
        var account = GitHubAccount.With(NewId(), NewName("gh"), NewEmail());
        var browser = host.CreateBrowser();
        await ExternalFlow.SignInAsync(browser, host.GitHub, host.GitHub.Put(account));
        var user = await host.FindByLoginAsync("github", account.Id.ToString());
        Assert.NotNull(user);
        return (browser, account, user.Id);
    }

    private static HtmlForm? UnlinkForm(IReadOnlyList<HtmlForm> forms, string provider) =>
        forms.SingleOrDefault(f => f.Action == "/account?handler=unlink" && f["provider"] == provider);

    [Fact]
    public async Task AccountPage_ListsLinkedLogins_AndOffersOnlyUnlinkedProviders()
    {
        var (browser, _, _) = await GitHubUserAsync();

        var html = await (await browser.GetAsync(ExternalFlow.AccountPath)).Content.ReadAsStringAsync();
        var forms = BrowserFlow.ParseForms(html, ExternalFlow.AccountPath);

        Assert.Contains("""<span class="linked-login">GitHub</span>""", html);
        Assert.DoesNotContain("""<span class="linked-login">Google</span>""", html);
        Assert.Single(forms, f => f.Action == "/account?handler=link" && f["provider"] == "google");
        Assert.DoesNotContain(forms, f => f.Action == "/account?handler=link" && f["provider"] == "github");
    }

    [Fact]
    public async Task LinkSecondProvider_FromAccountPage_ThenItSignsInTheSameUser()
    {
        var (browser, _, userId) = await GitHubUserAsync();
        var google = new GoogleAccount(NewId().ToString(), NewEmail(), EmailVerified: true, "Same Person");
        var key = host.Google.Put(google);

        var response = await ExternalFlow.LinkAsync(browser, host.Google, key);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account?status=linked&provider=google", response.Headers.Location!.OriginalString);
        Assert.Equal("Google is now linked to your account.", await ExternalFlow.AlertAfterAsync(browser, response));
        Assert.Equal(userId, (await host.FindByLoginAsync("google", google.Sub))?.Id);

        var other = host.CreateBrowser();
        await ExternalFlow.SignInAsync(other, host.Google, key);
        Assert.Equal(await ExternalFlow.SignedInUserNameAsync(browser), await ExternalFlow.SignedInUserNameAsync(other));
    }

    [Fact]
    public async Task Link_ExternalLoginOfAnotherUser_IsRefused()
    {
        var (_, _, ownerId) = await GitHubUserAsync();
        var ownersGoogle = new GoogleAccount(NewId().ToString(), NewEmail(), true, "Owner");
        var ownersKey = host.Google.Put(ownersGoogle);
        // The owner's Google login is already linked to the owner (created through it).
        var ownerBrowser = host.CreateBrowser();
        await ExternalFlow.SignInAsync(ownerBrowser, host.Google, ownersKey);
        var googleOwner = await host.FindByLoginAsync("google", ownersGoogle.Sub);
        Assert.NotNull(googleOwner);
        var someone = await host.CreateUserAsync(NewName("pw"));
        var browser = host.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, someone.UserName!);

        var response = await ExternalFlow.LinkAsync(browser, host.Google, ownersKey);

        Assert.Equal("/account?status=linked-elsewhere&provider=google", response.Headers.Location!.OriginalString);
        Assert.Contains("linked to a different account", await ExternalFlow.AlertAfterAsync(browser, response));
        Assert.Equal(googleOwner.Id, (await host.FindByLoginAsync("google", ownersGoogle.Sub))?.Id);
        Assert.Empty(await host.ReadUserAsync(someone.Id, (users, u) => users.GetLoginsAsync(u)));
        Assert.Equal(someone.UserName, await ExternalFlow.SignedInUserNameAsync(browser));
        Assert.NotEqual(ownerId, someone.Id);
    }

    [Fact]
    public async Task Link_CancelledAtProvider_SaysSo_AndLinksNothing()
    {
        var someone = await host.CreateUserAsync(NewName("pw"));
        var browser = host.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, someone.UserName!);

        var response = await ExternalFlow.LinkAsync(browser, host.GitHub, "nobody", deny: true);

        Assert.Equal("/account?status=link-cancelled&provider=github", response.Headers.Location!.OriginalString);
        Assert.Empty(await host.ReadUserAsync(someone.Id, (users, u) => users.GetLoginsAsync(u)));
    }

    [Fact]
    public async Task Link_CallbackCompletedInAnotherSession_DoesNotLinkIntoIt()
    {
        // A link flow started by one user must not attach the provider account to whoever's session finishes it.
        var alice = await host.CreateUserAsync(NewName("alice"));
        var bob = await host.CreateUserAsync(NewName("bob"));
        var browser = host.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, alice.UserName!);
        var challenge = await BrowserFlow.SubmitAsync(browser, await ExternalFlow.LinkFormAsync(browser, host.GitHub));
        var account = GitHubAccount.With(NewId(), NewName("gh"), NewEmail());
        var atProvider = await ExternalFlow.ToCallbackAsync(host.GitHub, challenge, host.GitHub.Put(account));
        await BrowserFlow.SignInAsync(browser, bob.UserName!); // the same browser, now bob's session

        var response = await ExternalFlow.BackAtIdentityHostAsync(browser, atProvider);

        Assert.Equal("/account?status=link-failed&provider=github", response.Headers.Location!.OriginalString);
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
    }

    [Fact]
    public async Task LinkPost_WithoutSession_GoesToLogin()
    {
        var (browser, _, _) = await GitHubUserAsync();
        var form = await ExternalFlow.LinkFormAsync(browser, host.Google);
        var anonymous = host.CreateBrowser();
        // The form's antiforgery token is bound to the first browser's cookie: use the anonymous browser's own.
        var anonymousForm = await BrowserFlow.GetFormAsync(anonymous, BrowserFlow.LoginPath, BrowserFlow.LoginPath);

        var response = await BrowserFlow.SubmitAsync(anonymous, form, (BrowserFlow.AntiforgeryField, anonymousForm[BrowserFlow.AntiforgeryField]));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(BrowserFlow.LoginPath, ExternalFlow.PathOf(response));
    }

    [Fact]
    public async Task Unlink_LastLoginOfAccountWithoutPassword_IsRefused()
    {
        var (browser, account, userId) = await GitHubUserAsync();
        var forms = await ExternalFlow.AccountFormsAsync(browser);
        Assert.Null(UnlinkForm(forms, "github")); // not even offered
        // A hand-made request (the page's antiforgery token, the account's own login) is refused as well.
        var token = forms.First()[BrowserFlow.AntiforgeryField];
        var unlink = new HtmlForm("/account?handler=unlink", new Dictionary<string, string>
        {
            ["provider"] = "github", ["providerKey"] = account.Id.ToString(), [BrowserFlow.AntiforgeryField] = token!,
        });

        var response = await BrowserFlow.SubmitAsync(browser, unlink);

        Assert.Equal("/account?status=last-method&provider=github", response.Headers.Location!.OriginalString);
        Assert.Contains("only way to sign in", await ExternalFlow.AlertAfterAsync(browser, response));
        Assert.Equal(userId, (await host.FindByLoginAsync("github", account.Id.ToString()))?.Id);
    }

    [Fact]
    public async Task Unlink_WhenAPasswordRemains_Unlinks_AndTheSessionGoesOn()
    {
        var email = NewEmail();
        var local = await host.CreateUserAsync(NewName("pw"), email: email);
        var browser = host.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, local.UserName!);
        var account = GitHubAccount.With(NewId(), NewName("gh"), NewEmail());
        var key = host.GitHub.Put(account);
        await ExternalFlow.LinkAsync(browser, host.GitHub, key);
        Assert.Equal(local.Id, (await host.FindByLoginAsync("github", account.Id.ToString()))?.Id);
        var elsewhere = host.CreateBrowser();
        await BrowserFlow.SignInAsync(elsewhere, local.UserName!);
        var form = UnlinkForm(await ExternalFlow.AccountFormsAsync(browser), "github");
        Assert.NotNull(form);

        var response = await BrowserFlow.SubmitAsync(browser, form);
        // Past Identity's security stamp validation interval (30 minutes), sessions are checked against the stamp.
        host.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal("/account?status=unlinked&provider=github", response.Headers.Location!.OriginalString);
        Assert.Null(await host.FindByLoginAsync("github", account.Id.ToString()));
        Assert.Equal(local.UserName, await ExternalFlow.SignedInUserNameAsync(browser));
        // Unlinking changed the security stamp: other sessions of the account (maybe the unlinked login's) end.
        Assert.Null(await ExternalFlow.SignedInUserNameAsync(elsewhere));

        // The GitHub account no longer reaches the local account: signing in with it makes a new one.
        var other = host.CreateBrowser();
        await ExternalFlow.SignInAsync(other, host.GitHub, key);
        Assert.NotEqual(local.Id, (await host.FindByLoginAsync("github", account.Id.ToString()))?.Id);
    }

    [Fact]
    public async Task Unlink_OneOfTwoLoginsWithoutPassword_IsAllowed_ButNotTheLast()
    {
        var (browser, account, userId) = await GitHubUserAsync();
        var google = new GoogleAccount(NewId().ToString(), NewEmail(), true, "Two Logins");
        await ExternalFlow.LinkAsync(browser, host.Google, host.Google.Put(google));
        var forms = await ExternalFlow.AccountFormsAsync(browser);

        var first = await BrowserFlow.SubmitAsync(browser, UnlinkForm(forms, "google")!);
        var second = await BrowserFlow.SubmitAsync(browser, UnlinkForm(forms, "github")!);

        Assert.Equal("/account?status=unlinked&provider=google", first.Headers.Location!.OriginalString);
        Assert.Equal("/account?status=last-method&provider=github", second.Headers.Location!.OriginalString);
        Assert.Null(await host.FindByLoginAsync("google", google.Sub));
        Assert.Equal(userId, (await host.FindByLoginAsync("github", account.Id.ToString()))?.Id);
    }

    [Fact]
    public async Task Unlink_ALoginOfAnotherUser_RemovesNothing()
    {
        var (_, victimAccount, victimId) = await GitHubUserAsync();
        var local = await host.CreateUserAsync(NewName("pw"));
        var browser = host.CreateBrowser();
        await BrowserFlow.SignInAsync(browser, local.UserName!);
        var token = (await ExternalFlow.AccountFormsAsync(browser)).First()[BrowserFlow.AntiforgeryField];

        var response = await BrowserFlow.SubmitAsync(browser, new HtmlForm("/account?handler=unlink", new Dictionary<string, string>
        {
            ["provider"] = "github", ["providerKey"] = victimAccount.Id.ToString(), [BrowserFlow.AntiforgeryField] = token!,
        }));

        Assert.Equal("/account?status=not-linked&provider=github", response.Headers.Location!.OriginalString);
        Assert.Equal(victimId, (await host.FindByLoginAsync("github", victimAccount.Id.ToString()))?.Id);
    }
}
