using System.Net;
using Microsoft.AspNetCore.TestHost;
using Resources.Authentication;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authentication;

/// <summary>
/// An issuer that cannot be reached costs the API nothing it already had: before the first fetch, tokens get 401
/// (not a 500) until the issuer answers; after it, the keys held stay in use. Its own class: these tests take the
/// issuer down.
/// </summary>
public sealed class IssuerUnavailableTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetItems_IssuerDownBeforeTheFirstFetch_401_RetriedAtMostEveryRetryInterval()
    {
        var clock = new TestClock();
        await using var isolated = api.CreateIsolatedFactory();
        await using var factory = isolated.WithWebHostBuilder(host =>
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var client = factory.CreateClient();

        api.Issuer.JwksUnavailable = true;
        HttpResponseMessage first, again;
        int fetchesBeforeAgain, fetchesAfterAgain;
        try
        {
            first = await client.GetWithTokenAsync("/items", Token(clock.GetUtcNow()));
            // The failed token's unknown kid asks for one refetch (RequestRefresh), which fails too.
            var refetched = await client.GetWithTokenAsync("/items", Token(clock.GetUtcNow()));
            Assert.Equal(HttpStatusCode.Unauthorized, refetched.StatusCode);
            fetchesBeforeAgain = api.Issuer.JwksRequests;
            again = await client.GetWithTokenAsync("/items", Token(clock.GetUtcNow()));
            fetchesAfterAgain = api.Issuer.JwksRequests;
        }
        finally
        {
            api.Issuer.JwksUnavailable = false;
        }
        clock.Advance(IssuerConfigurationManager.RetryWithoutKeys);
        var afterwards = await client.GetWithTokenAsync("/items", Token(clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("invalid_token", first.WwwAuthenticate());
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        // A failing issuer is not asked again before RetryWithoutKeys has passed.
        Assert.Equal(fetchesBeforeAgain, fetchesAfterAgain);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task GetItems_IssuerDownAfterTheFirstFetch_KeysHeldStayInUse()
    {
        await using var factory = api.CreateIsolatedFactory();
        var client = factory.CreateClient();
        var before = await client.GetWithTokenAsync("/items", Token(DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var fetchesBefore = api.Issuer.JwksRequests;

        api.Issuer.JwksUnavailable = true;
        try
        {
            // A kid the API does not hold makes it try the issuer again, which fails.
            using var unknown = new TestSigningKey("unknown");
            var unknownKid = await client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(
                new AccessTokenSpec { Scope = Scopes.ReadItems, SigningCredentials = unknown.Rs256 }));
            Assert.Equal(HttpStatusCode.Unauthorized, unknownKid.StatusCode);
            Assert.Equal(fetchesBefore + 1, api.Issuer.JwksRequests);

            var afterFailedFetch = await client.GetWithTokenAsync("/items", Token(DateTimeOffset.UtcNow));

            Assert.Equal(HttpStatusCode.OK, afterFailedFetch.StatusCode);
        }
        finally
        {
            api.Issuer.JwksUnavailable = false;
        }
    }

    private string Token(DateTimeOffset issuedAt) =>
        api.Issuer.CreateAccessToken(new AccessTokenSpec { Scope = Scopes.ReadItems, IssuedAt = issuedAt });
}
