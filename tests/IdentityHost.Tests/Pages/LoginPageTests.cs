using System.Net;
using IdentityHost.Pages.Account;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// <c>/account/login</c>: antiforgery, one answer for every kind of bad credential, lockout, the session cookie, a
/// new session per sign-in, and no open redirect (RFC 9700 §4.11).
/// </summary>
public sealed class LoginPageTests : IClassFixture<LoginPageTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithPageClients().WithoutFailureBudgets();
    }

    private readonly Host _factory;

    public LoginPageTests(Host factory) => _factory = factory;

    private static string NewName() => "u" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Get_ShowsLabelledFieldsAndAntiforgeryToken()
    {
        var browser = _factory.CreateBrowser();

        var response = await browser.GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("""<label for="Username">""", html);
        Assert.Contains("""<label for="Password">""", html);
        Assert.Contains("""id="Username" """.TrimEnd(), html);
        var form = Assert.Single(BrowserFlow.ParseForms(html, "/account/login"));
        Assert.Equal("/account/login", form.Action);
        Assert.False(string.IsNullOrEmpty(form[BrowserFlow.AntiforgeryField]));
        Assert.True(form.Fields.ContainsKey("ReturnUrl"));
    }

    [Fact]
    public async Task Get_LoginHint_PrefillsUsername()
    {
        var form = await BrowserFlow.GetFormAsync(_factory.CreateBrowser(), "/account/login?login_hint=alice%40example.com&ReturnUrl=%2Faccount");

        Assert.Equal("alice@example.com", form["Username"]);
        Assert.Equal("/account", form["ReturnUrl"]);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Is400AndDoesNotSignIn()
    {
        var name = NewName();
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();
        var form = await BrowserFlow.GetFormAsync(browser, "/account/login");

        var response = await BrowserFlow.SubmitAsync(browser, form, ("Username", name), ("Password", IdentityHostFactory.Password),
            (BrowserFlow.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Post_UnknownUserWrongPasswordAndLockedAccount_GetTheSameAnswer()
    {
        var name = NewName();
        var locked = NewName();
        await _factory.CreateUserAsync(name);
        await _factory.CreateUserAsync(locked);
        await _factory.WithUserAsync(locked, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(1)));

        var answers = new List<(HttpStatusCode Status, string? Alert)>();
        foreach (var (username, password) in new[] { (NewName(), IdentityHostFactory.Password), (name, "Wrong-pass1"), (locked, IdentityHostFactory.Password) })
        {
            var browser = _factory.CreateBrowser();
            var response = await BrowserFlow.SignInAsync(browser, username, password, "/account");
            answers.Add((response.StatusCode, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync())));
            Assert.Null(response.Headers.Location);
            Assert.False(await PageClients.IsSignedInAsync(browser));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, LoginModel.WrongCredentials), a));
    }

    [Fact]
    public async Task Post_RepeatedWrongPasswords_LockTheAccount_EvenAgainstTheRightPassword()
    {
        var name = NewName();
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();

        // Identity's default lockout: 5 failures.
        for (var i = 0; i < 5; i++)
        {
            await BrowserFlow.SignInAsync(browser, name, "Wrong-pass1");
        }
        var response = await BrowserFlow.SignInAsync(browser, name, IdentityHostFactory.Password);

        Assert.Equal(LoginModel.WrongCredentials, BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.False(await PageClients.IsSignedInAsync(browser));
        await _factory.WithUserAsync(name, async (users, user) => Assert.True(await users.IsLockedOutAsync(user)));
    }

    [Fact]
    public async Task Post_Failure_DoesNotEchoThePassword()
    {
        var response = await BrowserFlow.SignInAsync(_factory.CreateBrowser(), NewName(), "Very-Secret-Echo-42");

        Assert.DoesNotContain("Very-Secret-Echo-42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Success_SetsHttpOnlyLaxSessionCookie_AndRedirectsToLocalReturnUrl()
    {
        var name = NewName();
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();

        var response = await BrowserFlow.SignInAsync(browser, name, returnUrl: "/account?tab=1");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account?tab=1", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(BrowserFlow.SessionCookie + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.True(await PageClients.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Post_ByEmail_SignsIn()
    {
        var name = NewName();
        await _factory.CreateUserAsync(name, email: name + "@example.com");
        var browser = _factory.CreateBrowser();

        var response = await BrowserFlow.SignInAsync(browser, name + "@example.com");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.True(await PageClients.IsSignedInAsync(browser));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("http:evil.example")]
    [InlineData("")]
    public async Task Post_NonLocalReturnUrl_LandsOnTheAccountPage(string returnUrl)
    {
        var name = NewName();
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();

        var response = await BrowserFlow.SignInAsync(browser, name, returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AccountPage_ShowsWhoIsSignedIn_AndWithoutSessionSendsToLogin()
    {
        var name = NewName();
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();

        var before = await browser.GetAsync("/account");
        await BrowserFlow.SignInAsync(browser, name);
        var after = await browser.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Found, before.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Faccount", before.Headers.Location!.OriginalString);
        var html = await after.Content.ReadAsStringAsync();
        Assert.Contains($"""Signed in as <span class="user-name">{name}</span>""", html);
        Assert.Contains(BrowserFlow.ParseForms(html, "/account"), f => f.Action == "/account/logout");
    }

    [Fact]
    public async Task SignIn_EachTime_StartsANewSession()
    {
        var name = NewName();
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();

        var first = new JsonWebToken(await PageClients.SignInForIdTokenAsync(browser, name));
        await BrowserFlow.SignInAsync(browser, name);
        var second = new JsonWebToken(await PageClients.SignInForIdTokenAsync(browser, name));

        Assert.Equal(first.Subject, second.Subject);
        Assert.NotEqual(first.GetClaim("sid").Value, second.GetClaim("sid").Value);
    }
}
