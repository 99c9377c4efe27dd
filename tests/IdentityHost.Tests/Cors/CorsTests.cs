using System.Text.Json;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.UserInfo;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Cors;

/// <summary>
/// Issue 3 §3: the token, userinfo, discovery and JWKS endpoints answer cross-origin requests from exactly the origins
/// of registered redirect URIs; the authorization endpoint and the pages never send CORS headers.
/// </summary>
public sealed class CorsTests : IDisposable
{
    private const string SpaOrigin = "http://localhost:5002";
    private const string Evil = "http://evil.example";
    private readonly IdentityHostFactory _factory = new();
    private readonly HttpClient _client;

    public CorsTests()
    {
        var s = _factory.Settings;
        IdentityHostFactory.AddClient(s, 10, "cors-spa", "public", null, ["authorization_code"], ["openid", "profile"]);
        s["Clients:10:RedirectUris:0"] = SpaOrigin + "/callback";
        s["Clients:10:RequirePkce"] = "true";
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/connect/token", "POST", "content-type")]
    [InlineData("/connect/userinfo", "GET", "authorization")]
    [InlineData("/connect/userinfo", "POST", "authorization, content-type")]
    [InlineData("/.well-known/openid-configuration", "GET", null)]
    [InlineData("/.well-known/jwks", "GET", null)]
    public async Task Preflight_FromARegisteredOrigin_IsAllowed(string path, string method, string? headers)
    {
        var response = await _client.PreflightAsync(path, SpaOrigin, method, headers);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(SpaOrigin, response.Header(CorsRequests.AllowOrigin));
        Assert.Contains(method, response.Header("Access-Control-Allow-Methods")!);
        if (headers is not null)
        {
            Assert.All(headers.Split(", "), h => Assert.Contains(h, response.Header("Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase));
        }
        // No cookies cross origins: credentials are never allowed.
        Assert.Null(response.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_FromAnUnregisteredOrigin_GetsNoAllowOrigin()
    {
        var response = await _client.PreflightAsync("/connect/token", Evil, "POST", "content-type");

        Assert.Null(response.Header(CorsRequests.AllowOrigin));
    }

    [Fact]
    public async Task Preflight_AllowsOnlyGetAndPost()
    {
        var response = await _client.PreflightAsync("/connect/token", SpaOrigin, "DELETE");

        // Fetch §3.2.5: the browser compares the request's method with the allowed ones and refuses on a mismatch.
        var allowed = response.Header("Access-Control-Allow-Methods")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(["GET", "POST"], allowed.Order());
    }

    [Fact]
    public async Task TokenEndpoint_PlainOptionsWithoutOrigin_IsStillMethodNotAllowed()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/connect/token"));

        Assert.Equal(405, (int)response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.False(response.HasCorsHeaders());
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    public async Task Get_FromARegisteredOrigin_CarriesExactlyThatOrigin(string path)
    {
        var response = await _client.GetFromOriginAsync(path, SpaOrigin);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(SpaOrigin, response.Header(CorsRequests.AllowOrigin));
        // Discovery and JWKS are publicly cacheable: a shared cache must key them by origin.
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    [InlineData("/connect/userinfo")]
    public async Task Get_FromAnUnregisteredOrigin_CarriesNoAllowOrigin(string path)
    {
        var response = await _client.GetFromOriginAsync(path, Evil);

        Assert.Null(response.Header(CorsRequests.AllowOrigin));
    }

    [Fact]
    public async Task UserInfo_FromARegisteredOrigin_CarriesTheOrigin_AndExposesTheBearerChallenge()
    {
        await _factory.CreateUserAsync("cors-user");
        var tokens = await _client.PasswordAsync("cors-user", scope: "openid profile");

        var ok = await _client.GetFromOriginAsync("/connect/userinfo", SpaOrigin, tokens.AccessToken);
        var unauthorized = await _client.GetFromOriginAsync("/connect/userinfo", SpaOrigin, "garbage");

        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal(SpaOrigin, ok.Header(CorsRequests.AllowOrigin));
        // The script can read the RFC 6750 §3 error of a failed call.
        Assert.Equal(401, (int)unauthorized.StatusCode);
        Assert.Equal(SpaOrigin, unauthorized.Header(CorsRequests.AllowOrigin));
        Assert.Contains("WWW-Authenticate", unauthorized.Header("Access-Control-Expose-Headers")!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TokenEndpoint_PostFromARegisteredOrigin_CarriesTheOrigin()
    {
        await _factory.CreateUserAsync("cors-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent([
                new("grant_type", "password"), new("client_id", "public-app"),
                new("username", "cors-token"), new("password", IdentityHostFactory.Password), new("scope", "openid")]),
        };
        request.Headers.Add("Origin", SpaOrigin);

        var response = await _client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(SpaOrigin, response.Header(CorsRequests.AllowOrigin));
    }

    [Fact]
    public async Task AuthorizationEndpoint_NeverSendsCorsHeaders()
    {
        var get = await _client.GetFromOriginAsync("/connect/authorize?client_id=cors-spa", SpaOrigin);
        var preflight = await _client.PreflightAsync("/connect/authorize", SpaOrigin, "GET");

        Assert.False(get.HasCorsHeaders());
        Assert.False(preflight.HasCorsHeaders());
    }

    [Fact]
    public async Task Pages_NeverSendCorsHeaders()
    {
        var response = await _client.GetFromOriginAsync("/account/login", SpaOrigin);

        Assert.False(response.HasCorsHeaders());
    }

    [Fact]
    public async Task ANewlyRegisteredClient_IsAllowedWithinTheRefreshInterval_AndNotBefore()
    {
        const string newOrigin = "https://new.example";
        Assert.Equal(SpaOrigin, (await _client.GetFromOriginAsync("/.well-known/jwks", SpaOrigin)).Header(CorsRequests.AllowOrigin));
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
            db.Clients.Add(new ClientEntity
            {
                ClientId = "added-later", Type = "public", ConsentType = "explicit", RedirectUris = [newOrigin + "/cb"],
                GrantTypes = ["authorization_code"],
            });
            await db.SaveChangesAsync();
        }

        var before = await _client.GetFromOriginAsync("/.well-known/jwks", newOrigin);
        _factory.Clock.Advance(TimeSpan.FromSeconds(31));
        var after = await _client.GetFromOriginAsync("/.well-known/jwks", newOrigin);

        Assert.Null(before.Header(CorsRequests.AllowOrigin));
        Assert.Equal(newOrigin, after.Header(CorsRequests.AllowOrigin));
    }
}
