using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Discovery;

/// <summary>
/// <c>/.well-known/openid-configuration</c> (RFC 8414 §2–3, OpenID Connect Discovery 1.0 §3–4): it names this server
/// exactly and lists only what is implemented.
/// </summary>
public sealed class DiscoveryTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private const string ConfigurationPath = "/.well-known/openid-configuration";
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("http://localhost", "http://localhost/connect/token")]
    [InlineData("http://localhost/", "http://localhost/connect/token")]
    [InlineData("http://localhost/tenant1", "http://localhost/tenant1/connect/token")]
    [InlineData("https://idp.example.com:8443/tenant1/", "https://idp.example.com:8443/tenant1/connect/token")]
    public async Task Configuration_IssuerIsExactlyTheConfiguredOne_AndEndpointsHangOffIt(string issuer, string tokenEndpoint)
    {
        using var host = new IdentityHostFactory();
        host.Settings["IdentityHost:Issuer"] = issuer;

        var document = await GetDocumentAsync(host.CreateClient());

        // RFC 8414 §3.3: the issuer in the metadata MUST be identical to the issuer identifier.
        Assert.Equal(issuer, document.GetProperty("issuer").GetString());
        Assert.Equal(tokenEndpoint, document.GetProperty("token_endpoint").GetString());
        Assert.All(EndpointUrls(document), url => Assert.StartsWith(issuer.TrimEnd('/') + "/", url));
    }

    [Fact]
    public async Task Configuration_IgnoresTheRequestsHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ConfigurationPath);
        request.Headers.Host = "attacker.example.com";

        var response = await _client.SendAsync(request);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // DESIGN.md §6: behind a proxy, the configured issuer wins over whatever Host arrives.
        Assert.Equal(IdentityHostFactory.Issuer, document.GetProperty("issuer").GetString());
        Assert.All(EndpointUrls(document), url => Assert.StartsWith(IdentityHostFactory.Issuer + "/", url));
        Assert.DoesNotContain("attacker.example.com", document.GetRawText());
    }

    [Fact]
    public async Task Configuration_JwksUri_ServesTheKeySet()
    {
        var document = await GetDocumentAsync(_client);

        var jwksUri = new Uri(document.GetProperty("jwks_uri").GetString()!);
        var keys = await Jwks.GetAsync(_client); // the test server answers any host
        Assert.Equal(Jwks.Path, jwksUri.AbsolutePath);
        Assert.NotEmpty(keys.Keys);
    }

    [Fact]
    public async Task Configuration_GrantTypesSupported_AreExactlyTheGrantsTheTokenEndpointImplements()
    {
        string[] candidates =
        [
            "password", "refresh_token", "client_credentials", "authorization_code", "implicit",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "urn:ietf:params:oauth:grant-type:token-exchange",
        ];
        var implemented = new List<string>();
        foreach (var grant in candidates)
        {
            // confidential-app may use every implemented grant, so only an unimplemented one is unsupported_grant_type.
            var result = await _client.PostTokenAsync(Form(("grant_type", grant)), basic: ("confidential-app", IdentityHostFactory.ConfidentialSecret));
            if (result.Error != "unsupported_grant_type") implemented.Add(grant);
        }

        var advertised = Strings(await GetDocumentAsync(_client), "grant_types_supported");

        Assert.Equal(implemented.Order(), advertised.Order());
        Assert.Superset(new HashSet<string> { "password", "refresh_token", "client_credentials" }, advertised.ToHashSet());
    }

    [Fact]
    public async Task Configuration_TokenEndpointAuthMethods_AreBasicPostAndNone()
    {
        var methods = Strings(await GetDocumentAsync(_client), "token_endpoint_auth_methods_supported");

        // RFC 8414 §2 / IANA OAuth registry names for RFC 6749 §2.3.1 (Basic, body) and public clients.
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"], methods.Order());
    }

    [Fact]
    public async Task Configuration_ScopesSupported_IncludeConfiguredApiScopes()
    {
        using var host = new IdentityHostFactory();
        IdentityHostFactory.AddScope(host.Settings, 3, "reports:read");

        var scopes = Strings(await GetDocumentAsync(host.CreateClient()), "scopes_supported");

        Assert.Contains("reports:read", scopes);
        Assert.Contains("read:items", scopes);
        Assert.Contains("openid", scopes);
    }

    [Fact]
    public async Task Configuration_IsPubliclyCacheableForALimitedTime()
    {
        var response = await _client.GetAsync(ConfigurationPath);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        CacheControlAssert.PubliclyCacheable(response.Headers.CacheControl);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    public async Task CachedDocuments_VaryByOrigin_EvenWhenFetchedWithoutOne(string path)
    {
        // A shared cache must not hand the copy without CORS headers to a browser application.
        var response = await _client.GetAsync(path);

        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task Healthz_WhenStarted_IsHealthy()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> GetDocumentAsync(HttpClient client)
    {
        var response = await client.GetAsync(ConfigurationPath);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every URL the document points clients to: the <c>*_endpoint</c> members and <c>jwks_uri</c>.</summary>
    private static List<string> EndpointUrls(JsonElement document)
    {
        var urls = document.EnumerateObject()
            .Where(p => p.Name.EndsWith("_endpoint", StringComparison.Ordinal) || p.Name == "jwks_uri")
            .Select(p => p.Value.GetString()!).ToList();
        Assert.Contains(document.GetProperty("token_endpoint").GetString(), urls);
        return urls;
    }

    private static List<string> Strings(JsonElement document, string name) =>
        document.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();
}
