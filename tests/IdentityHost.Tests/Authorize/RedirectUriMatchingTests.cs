using IdentityHost.Protocol;

namespace IdentityHost.Tests.Authorize;

/// <summary>RFC 9700 §4.1.3: exact string matching; RFC 8252 §7.3: any port for loopback IP literals.</summary>
public sealed class RedirectUriMatchingTests
{
    [Theory]
    [InlineData("https://app.example/cb", "https://app.example/cb")]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:49152/cb")]
    [InlineData("http://127.0.0.1:8080/cb", "http://127.0.0.1:9090/cb")]
    [InlineData("http://[::1]/cb", "http://[::1]:61000/cb")]
    [InlineData("http://127.0.0.1/cb?x=1", "http://127.0.0.1:5555/cb?x=1")]
    [InlineData("com.example.app:/callback", "com.example.app:/callback")]
    public void Matches(string registered, string requested) => Assert.True(RedirectUriRules.Matches(registered, requested));

    [Theory]
    [InlineData("https://app.example/cb", "https://app.example/cb/")]
    [InlineData("https://app.example/cb", "https://app.example:443/cb")]
    [InlineData("https://app.example/cb", "https://APP.example/cb")]
    [InlineData("https://app.example/cb", "https://app.example/CB")]
    [InlineData("https://app.example/cb", "https://app.example/cb?x=1")]
    [InlineData("http://localhost/cb", "http://localhost:5000/cb")] // only IP literals get any port
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:5555/other")]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.2:5555/cb")]
    [InlineData("http://127.0.0.1/cb", "https://127.0.0.1:5555/cb")]
    [InlineData("http://127.0.0.1/cb", "http://[::1]:5555/cb")]
    [InlineData("com.example.app:/callback", "com.example.app:/callback2")]
    public void DoesNotMatch(string registered, string requested) => Assert.False(RedirectUriRules.Matches(registered, requested));
}
