using System.Net;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>What SpaHost serves besides the files: the SPA's settings, and headers that narrow what a script may do.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SpaHostTests(BrowserStack stack) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(stack.Spa.Url) };

    [Fact]
    public async Task ConfigScript_CarriesTheConfiguredAuthorityApiAndClient()
    {
        var script = await _http.GetStringAsync("/config.js");

        Assert.Contains($"\"authority\":\"{stack.Identity.Url}\"", script);
        Assert.Contains($"\"apiBaseUrl\":\"{stack.Resources.Url}\"", script);
        Assert.Contains($"\"clientId\":\"{StackSettings.SpaClientId}\"", script);
    }

    [Fact]
    public async Task Pages_MayConnectOnlyToTheAuthorityAndTheApi_AndSendNoReferrer()
    {
        var response = await _http.GetAsync("/callback.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"connect-src 'self' {stack.Identity.Url} {stack.Resources.Url};", policy);
        Assert.Contains("script-src 'self';", policy);
        // The authorization response puts the code in this page's URL; a Referer would carry it elsewhere.
        Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
    }

    public void Dispose() => _http.Dispose();
}
