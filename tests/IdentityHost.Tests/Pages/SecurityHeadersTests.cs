using System.Net;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// Every page, and the authorization endpoint's error page, is uncacheable, unframeable (RFC 9700 §4.16), sends no
/// referrer and forbids MIME sniffing; the stylesheet they use is served from here. Every other response is
/// uncacheable unless it is a public document (discovery, JWKS, the stylesheet), and HSTS is sent outside Development.
/// </summary>
public sealed class SecurityHeadersTests : IClassFixture<SecurityHeadersTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithPageClients();
    }

    private readonly Host _factory;

    public SecurityHeadersTests(Host factory) => _factory = factory;

    public static TheoryData<string> Pages => new()
    {
        "/account/login",
        "/account/logout",
        "/account/signed-out",
        "/connect/authorize?client_id=unknown",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasSecurityHeaders(string url)
    {
        var response = await _factory.CreateBrowser().GetAsync(url);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task ConsentPage_HasSecurityHeaders()
    {
        await _factory.CreateUserAsync("headers");
        var browser = _factory.CreateBrowser();
        var toLogin = await browser.GetAsync(PageClients.AuthorizeUrl());
        var toConsent = await BrowserFlow.FollowAsync(browser, await BrowserFlow.SignInAsync(browser, "headers", returnUrl: BrowserFlow.ReturnUrlOf(toLogin)));

        var response = await BrowserFlow.FollowAsync(browser, toConsent);

        Assert.Equal("/account/consent", PageClients.PathOf(toConsent));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Stylesheet_IsServedLocally_AndCacheable()
    {
        var response = await _factory.CreateBrowser().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public, "the stylesheet is public");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    /// <summary>Responses that are not pages: protocol JSON, errors, the admin API, health.</summary>
    public static TheoryData<string, string> NonPageResponses => new()
    {
        { "POST", "/connect/token" },
        { "POST", "/connect/introspect" },
        { "POST", "/connect/revoke" },
        { "GET", "/connect/userinfo" },
        { "GET", "/admin/api/users" },
        { "GET", "/healthz" },
        { "GET", "/no/such/path" },
    };

    [Theory]
    [MemberData(nameof(NonPageResponses))]
    public async Task EveryResponse_IsUncacheable_AndNotSniffed(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = new FormUrlEncodedContent([]);

        var response = await _factory.CreateClient().SendAsync(request);

        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: no-store on {url} ({(int)response.StatusCode})");
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    public async Task DiscoveryDocuments_KeepTheirPublicCaching(string url)
    {
        var response = await _factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Public, url);
        Assert.False(response.Headers.CacheControl?.NoStore, url);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Development_SendsNoHsts()
    {
        await using var development = new IdentityHostFactory { EnvironmentName = "Development" };
        var client = development.CreateClient(new() { BaseAddress = new Uri("https://idp.example.com") });

        var response = await client.GetAsync("/.well-known/openid-configuration");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task OutsideDevelopment_HttpsResponsesCarryHsts_AndPlainHttpDoesNot()
    {
        await using var production = new IdentityHostFactory { EnvironmentName = "Production" };
        var https = production.CreateClient(new() { BaseAddress = new Uri("https://idp.example.com") });
        var http = production.CreateClient(new() { BaseAddress = new Uri("http://idp.example.com") });

        var secured = await https.GetAsync("/.well-known/openid-configuration");
        var plain = await http.GetAsync("/.well-known/openid-configuration");

        // RFC 6797 §7.2: the header is sent over secure transport only.
        Assert.Contains("max-age=", Assert.Single(secured.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
