using IdentityHost.Protocol;

namespace IdentityHost.Tests.Configuration;

/// <summary>Which redirect URIs a client may register (RFC 6749 §3.1.2, RFC 8252 §7–8, RFC 9700 §2.1).</summary>
public sealed class RedirectUriRulesTests
{
    [Theory]
    [InlineData("https://app.example.com/cb")]
    [InlineData("https://app.example.com/cb?tenant=1")] // RFC 6749 §3.1.2: a query component is allowed
    [InlineData("http://127.0.0.1/cb")] // RFC 8252 §7.3: loopback IP literal
    [InlineData("http://127.0.0.1:51004/cb")] // RFC 8252 §7.3: any port
    [InlineData("http://[::1]/cb")]
    [InlineData("com.example.app:/callback")] // RFC 8252 §7.1: private-use URI scheme
    public void Validate_AllowedRedirectUri_HasNoProblem(string uri)
    {
        Assert.Null(RedirectUriRules.Validate(uri));
    }

    [Theory]
    [InlineData("cb")] // RFC 6749 §3.1.2: an absolute URI
    [InlineData("/cb")]
    [InlineData("https://app.example.com/cb#top")] // RFC 6749 §3.1.2: no fragment
    [InlineData("https://app.example.com/cb#")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://app.example.com/cb")] // RFC 9700 §2.1: http only for loopback
    [InlineData("HTTP://app.example.com/cb")]
    [InlineData("http://127.0.0.1.nip.io/cb")] // a name that merely starts like a loopback address
    [InlineData(" https://app.example.com/cb")] // stored with the space, it could never match by string
    [InlineData("https://app.example.com/cb ")]
    public void Validate_ForbiddenRedirectUri_SaysWhyNamingIt(string uri)
    {
        var problem = RedirectUriRules.Validate(uri);

        Assert.NotNull(problem);
        Assert.Contains(uri, problem);
    }
}
