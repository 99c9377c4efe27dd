using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.TestHost;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authentication;

/// <summary>
/// How the API fetches the issuer's JWKS after a key rotation: requests that arrive while a fetch is in flight
/// wait for it rather than fail against the old keys, and the refetch throttle (JwtBearer's RefreshInterval) runs
/// on the host's clock, so a later rotation is picked up once it has passed. Each test starts its own host.
/// </summary>
public sealed class IssuerKeyFetchTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetItems_ManyFirstTokensOfANewKeyAtOnce_AllAcceptedWithOneFetch()
    {
        await using var factory = api.CreateIsolatedFactory();
        var client = factory.CreateClient();
        var warmUp = await client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.ReadItems));
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);

        var newKey = api.Issuer.RotateKey();
        var fetchesBefore = api.Issuer.JwksRequests;
        var gate = api.Issuer.HoldJwks();
        var requests = Enumerable.Range(0, 8)
            .Select(_ => client.GetWithTokenAsync("/items", SignedBy(newKey, DateTimeOffset.UtcNow)))
            .ToArray();
        // The first request's fetch is at the issuer and held there; the others arrive meanwhile.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (api.Issuer.JwksRequests == fetchesBefore)
        {
            await Task.Delay(10, deadline.Token);
        }
        gate.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(fetchesBefore + 1, api.Issuer.JwksRequests);
    }

    [Fact]
    public async Task GetItems_SecondRotationWithinRefreshInterval_IsPickedUpOnceTheIntervalHasPassed()
    {
        var clock = new TestClock();
        await using var isolated = api.CreateIsolatedFactory();
        await using var factory = isolated.WithWebHostBuilder(host =>
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var client = factory.CreateClient();
        var refreshInterval = new JwtBearerOptions().RefreshInterval;

        var first = await client.GetWithTokenAsync("/items", SignedBy(api.Issuer.CurrentKey, clock.GetUtcNow()));
        var second = await client.GetWithTokenAsync("/items", SignedBy(api.Issuer.RotateKey(), clock.GetUtcNow()));
        var thirdKey = api.Issuer.RotateKey();
        var tooSoon = await client.GetWithTokenAsync("/items", SignedBy(thirdKey, clock.GetUtcNow()));
        clock.Advance(refreshInterval);
        var later = await client.GetWithTokenAsync("/items", SignedBy(thirdKey, clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    private string SignedBy(TestSigningKey key, DateTimeOffset issuedAt) => api.Issuer.CreateAccessToken(
        new AccessTokenSpec { Scope = Scopes.ReadItems, SigningCredentials = key.Rs256, IssuedAt = issuedAt });
}
