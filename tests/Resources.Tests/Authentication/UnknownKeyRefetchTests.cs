using System.Net;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authentication;

/// <summary>
/// Tokens naming unknown kids must not turn the API into a JWKS-fetching amplifier against the issuer: the refetch
/// is throttled. Its own class: the throttle must start fresh.
/// </summary>
public sealed class UnknownKeyRefetchTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetItems_ManyTokensWithUnknownKids_RefetchTheJwksOnlyOnce()
    {
        var warmUp = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.ReadItems));
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        var fetchesBefore = api.Issuer.JwksRequests;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var unknown = new TestSigningKey($"unknown-{attempt}");
            var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(
                new AccessTokenSpec { Scope = Scopes.ReadItems, SigningCredentials = unknown.Rs256 }));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The first unknown kid may be a rotation and is worth one fetch; the rest wait for RefreshInterval.
        Assert.Equal(fetchesBefore + 1, api.Issuer.JwksRequests);
    }
}
