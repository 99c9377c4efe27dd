using System.Net;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authentication;

/// <summary>
/// A key the issuer took out of its JWKS (removed or revoked) stops validating once the API has fetched the JWKS
/// again: no "last known good" set of keys keeps it alive. Its own class: the host's key cache and refresh throttle
/// must start fresh.
/// </summary>
public sealed class WithdrawnKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetItems_TokenSignedByKeyWithdrawnFromTheJwks_IsRefusedAfterTheNextFetch()
    {
        var oldKey = api.Issuer.CurrentKey;
        var beforeRotation = await api.Client.GetWithTokenAsync("/items", SignedBy(oldKey));
        Assert.Equal(HttpStatusCode.OK, beforeRotation.StatusCode);

        var newKey = api.Issuer.RotateKey();
        api.Issuer.WithdrawKey(oldKey);
        var fetchesBefore = api.Issuer.JwksRequests;
        var withNewKey = await api.Client.GetWithTokenAsync("/items", SignedBy(newKey));
        Assert.Equal(HttpStatusCode.OK, withNewKey.StatusCode);
        Assert.Equal(fetchesBefore + 1, api.Issuer.JwksRequests);

        var withWithdrawnKey = await api.Client.GetWithTokenAsync("/items", SignedBy(oldKey));

        Assert.Equal(HttpStatusCode.Unauthorized, withWithdrawnKey.StatusCode);
    }

    private string SignedBy(TestSigningKey key) =>
        api.Issuer.CreateAccessToken(new AccessTokenSpec { Scope = Scopes.ReadItems, SigningCredentials = key.Rs256 });
}
