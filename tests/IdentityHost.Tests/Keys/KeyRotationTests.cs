using System.Net;
using System.Net.Http.Headers;
using IdentityHost.Configuration;
using IdentityHost.Tests.EndToEnd;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Keys.KeyChecks;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// A whole automatic rotation with the default periods, both hosts on Kestrel sharing one fake clock: the next key
/// is in the JWKS before any token carries its kid, it signs from its activation time exactly (between two checks),
/// and the last token of the old key keeps working at the Resources API until it expires; the old key leaves the
/// JWKS only when its retention ends.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private static readonly SigningKeyOptions Defaults = new();
    private static readonly TimeSpan TokenLifetime = new TokenLifetimeOptions().AccessTokenLifetime;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly IdentityHostFactory _identity = new();
    private readonly List<ResourcesOnKestrel> _resources = [];
    private readonly HttpClient _http = new();
    private string _issuer = null!;

    public async Task InitializeAsync()
    {
        _issuer = _identity.StartOnKestrel();
        await _identity.CreateUserAsync("rotation-user");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        foreach (var resources in _resources) await resources.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private Task<string> TokenAsync() => UserAccessTokenAsync(_http, $"{_issuer}/connect/token", "rotation-user");

    private Task<List<string>> KidsAsync() => PublishedKidsAsync(_http, $"{_issuer}/.well-known/jwks");

    /// <summary>A Resources API that fetches the keys now (as one started, or whose cache expired, at this moment).</summary>
    private Uri StartResources()
    {
        var resources = new ResourcesOnKestrel(_issuer, time: _identity.Clock);
        _resources.Add(resources);
        resources.StartServer();
        return resources.ClientOptions.BaseAddress;
    }

    private async Task<HttpStatusCode> ListItemsAsync(Uri api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "/items"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await _http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Rotation_PublishesTheNextKeyBeforeItSigns_AndKeepsTheOldOneUntilItsTokensExpired()
    {
        var a = Kid(await TokenAsync());
        _identity.Clock.Advance(Defaults.RotationPeriod - Minute);
        await _identity.CheckKeysAsync();
        Assert.Equal([a], await KidsAsync()); // not due yet

        // Due: the next key is published, and signs nothing yet.
        _identity.Clock.Advance(Minute);
        await _identity.CheckKeysAsync();
        var b = Assert.Single((await KidsAsync()).Except([a]));
        Assert.Equal(a, Kid(await TokenAsync()));
        var api = StartResources(); // caches both keys

        _identity.Clock.Advance(Defaults.PropagationPeriod - Minute);
        await _identity.CheckKeysAsync();
        var lastOfA = await TokenAsync();
        Assert.Equal(a, Kid(lastOfA));

        // Activation time, with no check in between: new tokens carry the new key at once.
        _identity.Clock.Advance(Minute);
        var firstOfB = await TokenAsync();
        Assert.Equal(b, Kid(firstOfB));
        Assert.Equal(HttpStatusCode.OK, await ListItemsAsync(api, firstOfB)); // known before it was used
        Assert.Equal(HttpStatusCode.OK, await ListItemsAsync(api, lastOfA));

        // Just before the old key's last token expires, an API that fetches the keys then still accepts it.
        _identity.Clock.Advance(TokenLifetime - Minute);
        await _identity.CheckKeysAsync();
        Assert.Equal(HttpStatusCode.OK, await ListItemsAsync(StartResources(), lastOfA));
        _identity.Clock.Advance(2 * Minute);
        Assert.Equal(HttpStatusCode.Unauthorized, await ListItemsAsync(api, lastOfA)); // expired, as any token

        // The old key is published for the whole retention period after it stopped signing, then removed.
        _identity.Clock.Advance(Defaults.RetentionPeriod - TokenLifetime - 2 * Minute);
        await _identity.CheckKeysAsync();
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), await KidsAsync());
        _identity.Clock.Advance(Minute);
        Assert.Equal([b], await KidsAsync()); // at its removal time, before any check
        await _identity.CheckKeysAsync();
        Assert.Equal([b], await KidsAsync());
        Assert.Equal(b, Kid(await TokenAsync()));
    }
}
