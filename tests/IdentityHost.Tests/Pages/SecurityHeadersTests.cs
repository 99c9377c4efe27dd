using System.Net;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// Every page, and the authorization endpoint's error page, is uncacheable, unframeable (RFC 9700 §4.16), sends no
/// referrer and forbids MIME sniffing; the stylesheet they use is served from here.
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
    public async Task Stylesheet_IsServedLocally()
    {
        var response = await _factory.CreateBrowser().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
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
