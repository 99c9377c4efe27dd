using System.Net;
using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Pages;

namespace IdentityHost.Tests.Logout;

/// <summary>
/// <c>GET,POST /connect/logout</c> (OIDC RP-Initiated Logout 1.0): a trusted id_token_hint for the current session
/// signs out at once and returns to a registered post-logout URI with state; anything less is only a confirmation
/// page, and the session stays until the user confirms.
/// </summary>
public sealed class EndSessionTests : IClassFixture<EndSessionTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithPageClients();
    }

    private readonly Host _factory;

    public EndSessionTests(Host factory) => _factory = factory;

    private async Task<(HttpClient Browser, string IdToken, string User)> SignedInAsync()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();
        return (browser, await PageClients.SignInForIdTokenAsync(browser, name), name);
    }

    private static string LogoutUrl(string? hint, string? postLogout = PageClients.AppPostLogout, string? state = "logout-state", string? clientId = null) =>
        "/connect/logout" + PageClients.QueryString(("id_token_hint", hint), ("client_id", clientId), ("post_logout_redirect_uri", postLogout), ("state", state));

    /// <summary>The session is judged by the protocol: prompt=none answers login_required only without one.</summary>
    private static async Task<bool> HasSessionAsync(HttpClient browser)
    {
        var response = await browser.GetAsync(PageClients.AuthorizeUrl(prompt: "none"));
        var parameters = PageClients.QueryOf(response);
        Assert.Equal(PageClients.AppRedirect, PageClients.PathOf(response));
        return !(parameters.TryGetValue("error", out var error) && error == "login_required");
    }

    private static void AssertConfirmationPage(HttpResponseMessage response) =>
        Assert.Equal("/account/logout", PageClients.PathOf(response));

    [Fact]
    public async Task Discovery_AdvertisesTheEndSessionEndpoint()
    {
        var json = await _factory.CreateClient().GetStringAsync("/.well-known/openid-configuration");

        Assert.Equal(IdentityHostFactory.Issuer + "/connect/logout", JsonDocument.Parse(json).RootElement.GetProperty("end_session_endpoint").GetString());
    }

    [Fact]
    public async Task ValidHint_SignsOutAndReturnsToRegisteredUriWithState()
    {
        var (browser, idToken, _) = await SignedInAsync();
        Assert.True(await HasSessionAsync(browser));

        var response = await browser.GetAsync(LogoutUrl(idToken, state: "s/t+a=te"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(PageClients.AppPostLogout, PageClients.PathOf(response));
        Assert.Equal(new Dictionary<string, string> { ["state"] = "s/t+a=te" }, PageClients.QueryOf(response));
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.False(await HasSessionAsync(browser));
    }

    [Fact]
    public async Task ValidHint_ByFormPost_SignsOut()
    {
        var (browser, idToken, _) = await SignedInAsync();

        var response = await browser.PostAsync("/connect/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = PageClients.AppPostLogout, ["state"] = "posted",
        }));

        Assert.Equal(PageClients.AppPostLogout + "?state=posted", response.Headers.Location!.OriginalString);
        Assert.False(await HasSessionAsync(browser));
    }

    [Fact]
    public async Task ValidHint_WithMatchingClientId_SignsOut()
    {
        var (browser, idToken, _) = await SignedInAsync();

        var response = await browser.GetAsync(LogoutUrl(idToken, clientId: PageClients.App));

        Assert.Equal(PageClients.AppPostLogout, PageClients.PathOf(response));
        Assert.False(await HasSessionAsync(browser));
    }

    [Fact]
    public async Task ExpiredHint_IsStillTrusted()
    {
        var (browser, idToken, _) = await SignedInAsync();
        _factory.Clock.Advance(TimeSpan.FromHours(1));
        try
        {
            var response = await browser.GetAsync(LogoutUrl(idToken));

            Assert.Equal(PageClients.AppPostLogout, PageClients.PathOf(response));
        }
        finally
        {
            _factory.Clock.Advance(TimeSpan.FromHours(-1));
        }
    }

    [Theory]
    [InlineData("https://pages.example/signed-out/")]   // not byte-for-byte the registered one
    [InlineData("https://PAGES.example/signed-out")]
    [InlineData(PageClients.OtherPostLogout)]           // registered, but for another client
    [InlineData("https://evil.example/")]
    public async Task ValidHint_UnregisteredPostLogoutUri_SignsOutWithoutRedirect(string postLogout)
    {
        var (browser, idToken, _) = await SignedInAsync();

        var response = await browser.GetAsync(LogoutUrl(idToken, postLogout));

        Assert.Equal("/account/signed-out", response.Headers.Location!.OriginalString);
        Assert.False(await HasSessionAsync(browser));
        var page = await BrowserFlow.FollowAsync(browser, response);
        Assert.Contains("You are signed out", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ValidHint_WithoutSession_RedirectsAnyway()
    {
        var (_, idToken, _) = await SignedInAsync();

        var response = await _factory.CreateBrowser().GetAsync(LogoutUrl(idToken));

        Assert.Equal(PageClients.AppPostLogout + "?state=logout-state", response.Headers.Location!.OriginalString);
    }

    public static TheoryData<string> UntrustedHints => new()
    {
        "foreign-key", "alg-none", "access-token", "typ-at+jwt", "issuer-trailing-slash", "issuer-other", "audience-unknown", "garbage",
    };

    [Theory]
    [MemberData(nameof(UntrustedHints))]
    public async Task UntrustedHint_OnlyAsksForConfirmation_AndKeepsTheSession(string kind)
    {
        var (browser, idToken, user) = await SignedInAsync();
        var hint = kind switch
        {
            "foreign-key" => ForgedIdTokens.SignedByAnotherKey(idToken),
            "alg-none" => ForgedIdTokens.Unsigned(idToken),
            // Signed by us with the same issuer, but an at+jwt access token, not an id_token.
            "access-token" => (await _factory.CreateClient().PasswordAsync(user, scope: "openid")).AccessToken!,
            // Our key, but not our id_token: each differs from one in a single respect.
            "typ-at+jwt" => Resigned(idToken, "typ", "at+jwt"),
            "issuer-trailing-slash" => Resigned(idToken, "iss", IdentityHostFactory.Issuer + "/"),
            "issuer-other" => Resigned(idToken, "iss", "https://other-issuer.example"),
            "audience-unknown" => Resigned(idToken, "aud", "no-such-client"),
            _ => "not.a.jwt",
        };

        var response = await browser.GetAsync(LogoutUrl(hint));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        AssertConfirmationPage(response);
        Assert.True(await HasSessionAsync(browser));
    }

    private string Resigned(string idToken, string member, string value) => ForgedIdTokens.ResignedByServer(_factory.Services, idToken, json =>
    {
        if (json.ContainsKey(member)) json[member] = value;
    });

    [Fact]
    public async Task HintResignedByServerUnchanged_IsTrusted()
    {
        // The control for the single-change hints above: re-signing alone does not make a hint untrusted.
        var (browser, idToken, _) = await SignedInAsync();

        var response = await browser.GetAsync(LogoutUrl(Resigned(idToken, "unused", "")));

        Assert.Equal(PageClients.AppPostLogout, PageClients.PathOf(response));
    }

    [Fact]
    public async Task HintOfAnotherUser_OnlyAsksForConfirmation()
    {
        var (_, othersIdToken, _) = await SignedInAsync();
        var (browser, _, _) = await SignedInAsync();

        var response = await browser.GetAsync(LogoutUrl(othersIdToken));

        AssertConfirmationPage(response);
        Assert.True(await HasSessionAsync(browser));
    }

    [Fact]
    public async Task HintAndClientIdDisagree_NeitherIsBelieved()
    {
        var (browser, idToken, _) = await SignedInAsync();

        var response = await browser.GetAsync(LogoutUrl(idToken, PageClients.OtherPostLogout, clientId: PageClients.Other));

        AssertConfirmationPage(response);
        Assert.Empty(PageClients.QueryOf(response));
        Assert.True(await HasSessionAsync(browser));
    }

    [Fact]
    public async Task OtherMethods_AreNotAllowed()
    {
        var response = await _factory.CreateClient().PutAsync("/connect/logout", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
