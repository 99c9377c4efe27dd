using System.Net;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authentication;

/// <summary>
/// A key the issuer publishes after the API started is fetched when a token names its kid, so a key rotation
/// needs no restart and no client sees a spurious 401. Its own class: the host's key cache and refresh throttle
/// must start fresh.
/// </summary>
public sealed class SigningKeyRotationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetItems_FirstTokenSignedByKeyPublishedAfterStartup_IsAccepted()
    {
        var before = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.ReadItems));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var fetchesBeforeRotation = api.Issuer.JwksRequests;
        var oldKey = api.Issuer.CurrentKey;

        var newKey = api.Issuer.RotateKey();
        var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(
            new AccessTokenSpec { Scope = Scopes.ReadItems, SigningCredentials = newKey.Rs256 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fetchesBeforeRotation + 1, api.Issuer.JwksRequests);

        // Tokens signed before the rotation stay valid while the old key is still published.
        var old = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(
            new AccessTokenSpec { Scope = Scopes.ReadItems, SigningCredentials = oldKey.Rs256 }));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }
}
