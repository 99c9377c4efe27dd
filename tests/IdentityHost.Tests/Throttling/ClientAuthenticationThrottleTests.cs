using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Throttling;

/// <summary>
/// Guessing client secrets: failed client authentications spend a per-IP budget, at introspection as at every endpoint
/// that authenticates clients; a client presenting its right secret never spends it.
/// </summary>
public sealed class ClientAuthenticationThrottleTests : IDisposable
{
    private const int Budget = 3;
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers();
    private readonly HttpClient _client;

    public ClientAuthenticationThrottleTests()
    {
        _factory.Settings["IdentityHost:RateLimiting:ClientAuthenticationFailuresPerIp"] = Budget.ToString();
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Introspect_WrongSecretsUpToTheBudget_ThenIs429WithRetryAfter_EvenWithTheRightSecret()
    {
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal("invalid_client", (await _client.IntrospectAsync("some-token", basic: (ResourceServer, $"guess-{i}"))).Error);
        }

        var refused = await _client.IntrospectAsync("some-token");

        Assert.Equal(429, refused.Status);
        Assert.Equal("temporarily_unavailable", refused.Error);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.Response.Headers.RetryAfter?.Delta);
        Assert.Equal("no-store", refused.CacheControl);
    }

    [Fact]
    public async Task Introspect_RightSecret_NeverSpendsTheBudget()
    {
        for (var i = 0; i < Budget * 4; i++)
        {
            Assert.Equal(200, (await _client.IntrospectAsync("some-token")).Status);
        }
        for (var i = 0; i < Budget - 1; i++)
        {
            await _client.IntrospectAsync("some-token", basic: (ResourceServer, "guess"));
        }

        Assert.Equal(200, (await _client.IntrospectAsync("some-token")).Status);
    }

    [Fact]
    public async Task TokenEndpoint_SharesTheBudget()
    {
        for (var i = 0; i < Budget; i++) await _client.IntrospectAsync("some-token", basic: (ResourceServer, "guess"));

        var refused = await _client.PostTokenAsync(TokenRequests.Form(("grant_type", "client_credentials")),
            ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(429, refused.Status);
    }

    public void Dispose() => _factory.Dispose();
}
