using System.Net;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// <c>/account/consent</c>: the client's name and the scopes in plain words; Allow is remembered for the same or
/// fewer scopes; Deny is <c>access_denied</c> at the client (RFC 6749 §4.1.2.1) with state and iss (RFC 9207); the
/// POST re-validates the authorization request server-side.
/// </summary>
public sealed class ConsentPageTests : IClassFixture<ConsentPageTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithPageClients();
    }

    private readonly Host _factory;

    public ConsentPageTests(Host factory) => _factory = factory;

    /// <summary>A signed-in browser and the consent URL the authorization endpoint sent it to.</summary>
    private async Task<(HttpClient Browser, string ConsentUrl)> AtConsentAsync(string scope = "openid profile", string state = "state-123")
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await _factory.CreateUserAsync(name);
        var browser = _factory.CreateBrowser();
        var toLogin = await browser.GetAsync(PageClients.AuthorizeUrl(scope, state));
        var signedIn = await BrowserFlow.SignInAsync(browser, name, returnUrl: BrowserFlow.ReturnUrlOf(toLogin));
        var toConsent = await BrowserFlow.FollowAsync(browser, signedIn);
        Assert.Equal("/account/consent", PageClients.PathOf(toConsent));
        return (browser, toConsent.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Get_ShowsClientNameAndScopesInWords()
    {
        var (browser, consentUrl) = await AtConsentAsync("openid profile email roles offline_access read:items write:items");

        var html = await (await browser.GetAsync(consentUrl)).Content.ReadAsStringAsync();

        Assert.Contains(PageClients.AppName, html);
        foreach (var words in new[] { "Sign you in", "Your name and username", "Your email address", "Your roles",
                     "Stay signed in (keep access while you are away)", PageClients.ReadItemsDescription, "<li>write:items</li>" })
        {
            Assert.Contains(words, html);
        }
        var form = Assert.Single(BrowserFlow.ParseForms(html, consentUrl));
        Assert.False(string.IsNullOrEmpty(form[BrowserFlow.AntiforgeryField]));
        Assert.Contains("""name="decision" value="allow" """.TrimEnd(), html);
        Assert.Contains("""name="decision" value="deny" """.TrimEnd(), html);
    }

    [Fact]
    public async Task Allow_ReturnsToAuthorize_WhichIssuesTheCode()
    {
        var (browser, consentUrl) = await AtConsentAsync();

        var allowed = await BrowserFlow.ConsentAsync(browser, consentUrl, "allow");
        var toClient = await BrowserFlow.FollowAsync(browser, allowed);

        Assert.Equal(HttpStatusCode.Found, allowed.StatusCode);
        Assert.StartsWith("/connect/authorize?", allowed.Headers.Location!.OriginalString);
        Assert.Equal(PageClients.AppRedirect, PageClients.PathOf(toClient));
        var parameters = PageClients.QueryOf(toClient);
        Assert.True(parameters.ContainsKey("code"));
        Assert.Equal("state-123", parameters["state"]);
        Assert.Equal(IdentityHostFactory.Issuer, parameters["iss"]);
    }

    [Fact]
    public async Task Allow_IsRemembered_ForTheSameOrFewerScopes_ButMoreScopesAskAgain()
    {
        var (browser, consentUrl) = await AtConsentAsync("openid profile read:items");
        await BrowserFlow.FollowAsync(browser, await BrowserFlow.ConsentAsync(browser, consentUrl, "allow"));

        var same = await browser.GetAsync(PageClients.AuthorizeUrl("openid profile read:items"));
        var fewer = await browser.GetAsync(PageClients.AuthorizeUrl("openid"));
        var more = await browser.GetAsync(PageClients.AuthorizeUrl("openid profile read:items email"));

        Assert.Equal(PageClients.AppRedirect, PageClients.PathOf(same));
        Assert.True(PageClients.QueryOf(same).ContainsKey("code"));
        Assert.Equal(PageClients.AppRedirect, PageClients.PathOf(fewer));
        Assert.Equal("/account/consent", PageClients.PathOf(more));
    }

    [Fact]
    public async Task Deny_RedirectsToClientWithAccessDeniedStateAndIssuer()
    {
        var (browser, consentUrl) = await AtConsentAsync(state: "deny-state/+?");

        var denied = await BrowserFlow.ConsentAsync(browser, consentUrl, "deny");

        Assert.Equal(HttpStatusCode.Found, denied.StatusCode);
        Assert.Equal(PageClients.AppRedirect, PageClients.PathOf(denied));
        var parameters = PageClients.QueryOf(denied);
        Assert.Equal("access_denied", parameters["error"]);
        Assert.Equal("deny-state/+?", parameters["state"]);
        Assert.Equal(IdentityHostFactory.Issuer, parameters["iss"]);
        Assert.False(parameters.ContainsKey("code"));
        // Nothing was remembered: the next request asks again.
        Assert.Equal("/account/consent", PageClients.PathOf(await browser.GetAsync(PageClients.AuthorizeUrl())));
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Is400()
    {
        var (browser, consentUrl) = await AtConsentAsync();
        var form = await BrowserFlow.GetFormAsync(browser, consentUrl);

        var response = await BrowserFlow.SubmitAsync(browser, form, ("decision", "allow"), (BrowserFlow.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("/account/consent", PageClients.PathOf(await browser.GetAsync(PageClients.AuthorizeUrl())));
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "scope", "openid admin" },                          // a scope the client may not have
        { "redirect_uri", "https://evil.example/callback" },  // a redirect URI it never registered
        { "client_id", "unknown-client" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Post_WithTamperedReturnUrl_IsRejectedServerSide(string parameter, string value)
    {
        var (browser, consentUrl) = await AtConsentAsync();
        var form = await BrowserFlow.GetFormAsync(browser, consentUrl);
        var tampered = Replace(form["ReturnUrl"]!, parameter, value);

        var response = await BrowserFlow.SubmitAsync(browser, form, ("decision", "allow"), ("ReturnUrl", tampered));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.NotNull(BrowserFlow.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.Equal("/account/consent", PageClients.PathOf(await browser.GetAsync(PageClients.AuthorizeUrl())));
    }

    [Theory]
    [InlineData("https://evil.example/connect/authorize?client_id=pages-app")]
    [InlineData("//evil.example/connect/authorize?client_id=pages-app")]
    [InlineData("/account")]
    [InlineData("")]
    public async Task Get_WithReturnUrlThatIsNotALocalAuthorizationRequest_Is400(string returnUrl)
    {
        var (browser, _) = await AtConsentAsync();

        var response = await browser.GetAsync(QueryHelpers.AddQueryString("/account/consent", "ReturnUrl", returnUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Get_WithoutSession_SendsToLoginWithTheSameReturnUrl()
    {
        var (_, consentUrl) = await AtConsentAsync();
        var stranger = _factory.CreateBrowser();

        var response = await stranger.GetAsync(consentUrl);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account/login", PageClients.PathOf(response));
        Assert.Equal(BrowserFlow.ReturnUrlOf(new HttpResponseMessage { Headers = { Location = new Uri(consentUrl, UriKind.Relative) } }),
            BrowserFlow.ReturnUrlOf(response));
    }

    private static string Replace(string url, string parameter, string value)
    {
        var query = QueryHelpers.ParseQuery(url[url.IndexOf('?')..]).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[parameter] = value;
        return QueryHelpers.AddQueryString(url[..url.IndexOf('?')], query);
    }
}
