using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.EndToEnd;

/// <summary>
/// Both hosts on Kestrel on 127.0.0.1. A client that knows only the discovery document, a client id and a user's
/// credentials gets, refreshes and uses tokens; Resources fetches IdentityHost's keys over HTTP.
/// </summary>
public sealed class BothHostsOnKestrelTests : IAsyncLifetime
{
    private readonly IdentityHostFactory _identity = new();
    private ResourcesOnKestrel _resources = null!;
    private readonly HttpClient _http = new();
    private string _issuer = null!;

    public async Task InitializeAsync()
    {
        _issuer = _identity.StartOnKestrel();
        await _identity.CreateUserAsync("e2e-user", roles: ["admin"]);

        _resources = new ResourcesOnKestrel(_issuer);
        _resources.StartServer();
    }

    private Uri Api(string path) => new(_resources.ClientOptions.BaseAddress, path);

    private async Task<string> TokenEndpointFromDiscoveryAsync()
    {
        var discovery = await _http.GetFromJsonAsync<JsonElement>($"{_issuer}/.well-known/openid-configuration");
        Assert.Equal(_issuer, discovery.GetProperty("issuer").GetString());
        return discovery.GetProperty("token_endpoint").GetString()!;
    }

    private async Task<JsonElement> PostFormAsync(string url, params (string, string)[] form)
    {
        var response = await _http.PostAsync(url, new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private async Task<HttpResponseMessage> CallApiAsync(HttpMethod method, string path, string accessToken, object? json = null)
    {
        var request = new HttpRequestMessage(method, Api(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (json is not null) request.Content = JsonContent.Create(json);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task DiscoveredTokenEndpoint_IssuesRefreshesAndTokensWorkAtResources()
    {
        var tokenEndpoint = await TokenEndpointFromDiscoveryAsync();

        var tokens = await PostFormAsync(tokenEndpoint, ("grant_type", "password"), ("client_id", "public-app"),
            ("username", "e2e-user"), ("password", IdentityHostFactory.Password), ("scope", "read:items write:items offline_access"));
        var access = tokens.GetProperty("access_token").GetString()!;

        var created = await CallApiAsync(HttpMethod.Post, "/items", access, new { name = "from e2e" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await CallApiAsync(HttpMethod.Get, "/items", access);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("from e2e", await list.Content.ReadAsStringAsync());

        var refreshed = await PostFormAsync(tokenEndpoint, ("grant_type", "refresh_token"), ("client_id", "public-app"),
            ("refresh_token", tokens.GetProperty("refresh_token").GetString()!));
        var me = await CallApiAsync(HttpMethod.Get, "/me", refreshed.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        string? userId = null;
        await _identity.WithUserAsync("e2e-user", (_, user) => Task.FromResult(userId = user.Id));
        Assert.Contains(userId!, await me.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TokenWithoutTheNeededScope_IsForbiddenWithInsufficientScope()
    {
        var tokenEndpoint = await TokenEndpointFromDiscoveryAsync();
        var tokens = await PostFormAsync(tokenEndpoint, ("grant_type", "password"), ("client_id", "public-app"),
            ("username", "e2e-user"), ("password", IdentityHostFactory.Password), ("scope", "read:items"));

        var response = await CallApiAsync(HttpMethod.Post, "/items", tokens.GetProperty("access_token").GetString()!, new { name = "nope" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter);
        Assert.Contains("scope=\"write:items\"", challenge.Parameter);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRejectedWithInvalidToken()
    {
        var tokenEndpoint = await TokenEndpointFromDiscoveryAsync();
        _identity.Clock.Advance(TimeSpan.FromHours(-1)); // issued an hour ago, with a 15-minute lifetime
        var tokens = await PostFormAsync(tokenEndpoint, ("grant_type", "password"), ("client_id", "public-app"),
            ("username", "e2e-user"), ("password", IdentityHostFactory.Password), ("scope", "read:items"));

        var response = await CallApiAsync(HttpMethod.Get, "/items", tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ClientCredentialsToken_IsAcceptedByResources()
    {
        var tokenEndpoint = await TokenEndpointFromDiscoveryAsync();
        var tokens = await PostFormAsync(tokenEndpoint, ("grant_type", "client_credentials"), ("client_id", "service"),
            ("client_secret", IdentityHostFactory.ServiceSecret), ("scope", "read:items"));

        var response = await CallApiAsync(HttpMethod.Get, "/items", tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _resources.DisposeAsync();
        await _identity.DisposeAsync();
    }
}
