using IdentityHost.Cors;

namespace IdentityHost.Tests.Cors;

/// <summary>The origin (RFC 6454 §4) a browser sends for a page at a client's redirect URI.</summary>
public sealed class ClientOriginsTests
{
    [Theory]
    [InlineData("http://localhost:5002/callback", "http://localhost:5002")]
    [InlineData("https://app.example/callback?x=1", "https://app.example")]
    [InlineData("https://App.Example:443/cb", "https://app.example")]   // host lower-cased, default port dropped
    [InlineData("https://app.example:8443/cb", "https://app.example:8443")]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1")]
    [InlineData("http://[::1]:8080/cb", "http://[::1]:8080")]
    [InlineData("https://bücher.example/cb", "https://xn--bcher-kva.example")] // browsers send IDNs as punycode
    public void HttpRedirectUri_HasTheOriginABrowserSends(string redirectUri, string origin)
    {
        Assert.True(ClientOrigins.TryGetOrigin(redirectUri, out var actual));
        Assert.Equal(origin, actual);
    }

    [Theory]
    [InlineData("com.example.app:/callback")] // a native app's private-use scheme has no web origin
    [InlineData("urn:ietf:wg:oauth:2.0:oob")]
    [InlineData("/relative/callback")]
    [InlineData("not a uri")]
    public void NonWebRedirectUri_HasNoOrigin(string redirectUri)
    {
        Assert.False(ClientOrigins.TryGetOrigin(redirectUri, out _));
    }
}
