using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IdentityHost.Tests.EndToEnd;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Introspection;

/// <summary>
/// Resources with <c>Resources:TokenValidation = introspection</c>, both hosts on Kestrel sharing one fake clock: a
/// revoked access token stops working there within the cache time; in the default local mode it does not (the
/// trade-off); an introspection endpoint that cannot answer makes the API answer 503, not 401 and not 200.
/// </summary>
public sealed class ResourcesIntrospectionModeTests : IAsyncLifetime
{
    private readonly IdentityHostFactory _identity = new IdentityHostFactory().WithResourceServers();
    private readonly List<ResourcesOnKestrel> _resources = [];
    private readonly HttpClient _http = new();
    private string _issuer = null!;

    public async Task InitializeAsync()
    {
        _issuer = _identity.StartOnKestrel();
        await _identity.CreateUserAsync("rs-user");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        foreach (var resources in _resources) await resources.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private static Dictionary<string, string?> Introspecting(string? cacheDuration = null, string secret = ResourceServerSecret) => new()
    {
        ["Resources:TokenValidation"] = "introspection",
        ["Resources:Introspection:ClientId"] = ResourceServer,
        ["Resources:Introspection:ClientSecret"] = secret,
        ["Resources:Introspection:CacheDuration"] = cacheDuration,
    };

    private Uri StartResources(Dictionary<string, string?>? settings = null)
    {
        var resources = new ResourcesOnKestrel(_issuer, settings?.Where(s => s.Value is not null).ToDictionary(), _identity.Clock);
        _resources.Add(resources);
        resources.StartServer();
        return resources.ClientOptions.BaseAddress;
    }

    private async Task<string> AccessTokenAsync()
    {
        var response = await _http.PostAsync($"{_issuer}/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "public-app", ["username"] = "rs-user",
            ["password"] = IdentityHostFactory.Password, ["scope"] = "read:items",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task RevokeAsync(string token)
    {
        var response = await _http.PostAsync($"{_issuer}{RevokePath}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["client_id"] = "public-app" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> ListItemsAsync(Uri api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "/items"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private static void AssertInvalidToken(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task IntrospectionMode_RevokedAccessToken_StopsWorkingWithinTheCacheTime()
    {
        var api = StartResources(Introspecting()); // the default cache: 5 seconds
        var token = await AccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await ListItemsAsync(api, token)).StatusCode);

        await RevokeAsync(token);
        var whileCached = await ListItemsAsync(api, token);
        _identity.Clock.Advance(TimeSpan.FromSeconds(6));
        var afterCache = await ListItemsAsync(api, token);

        Assert.Equal(HttpStatusCode.OK, whileCached.StatusCode); // the bounded staleness the cache buys
        AssertInvalidToken(afterCache);
    }

    [Fact]
    public async Task IntrospectionMode_WithoutCache_RefusesARevokedTokenAtOnce()
    {
        var api = StartResources(Introspecting(cacheDuration: "00:00:00"));
        var token = await AccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await ListItemsAsync(api, token)).StatusCode);

        await RevokeAsync(token);

        AssertInvalidToken(await ListItemsAsync(api, token));
    }

    [Fact]
    public async Task IntrospectionMode_AnotherTokenOfTheUser_KeepsWorking()
    {
        var api = StartResources(Introspecting(cacheDuration: "00:00:00"));
        var revoked = await AccessTokenAsync();
        var other = await AccessTokenAsync();

        await RevokeAsync(revoked);

        AssertInvalidToken(await ListItemsAsync(api, revoked));
        Assert.Equal(HttpStatusCode.OK, (await ListItemsAsync(api, other)).StatusCode);
    }

    [Fact]
    public async Task LocalMode_RevokedAccessToken_KeepsWorkingUntilItExpires()
    {
        var api = StartResources();
        var token = await AccessTokenAsync();

        await RevokeAsync(token);
        _identity.Clock.Advance(TimeSpan.FromSeconds(6));

        // The documented trade-off of the default: no call to IdentityHost, so no news of the revocation.
        Assert.Equal(HttpStatusCode.OK, (await ListItemsAsync(api, token)).StatusCode);
    }

    [Fact]
    public async Task IntrospectionMode_WhenIntrospectionRefusesTheApi_Answers503NotUnauthorized()
    {
        var api = StartResources(Introspecting(secret: "not-the-secret"));
        var token = await AccessTokenAsync();

        var response = await ListItemsAsync(api, token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
