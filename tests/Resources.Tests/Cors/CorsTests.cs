using System.Net;
using Resources.Configuration;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Cors;

/// <summary>
/// Browser apps on the origins in <c>Resources:AllowedOrigins</c> may call the API with a bearer token; other
/// origins get no CORS grant, so the browser keeps the response from them.
/// </summary>
public sealed class CorsTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private const string SpaOrigin = "https://spa.example";
    private ResourcesFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = api.CreateIsolatedFactory(new Dictionary<string, string?> { ["Resources:AllowedOrigins:0"] = SpaOrigin });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    private static HttpRequestMessage Preflight(string origin, string method = "GET", string headers = "authorization")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/items");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_IsGrantedWithoutAToken()
    {
        var response = await _client.SendAsync(Preflight(SpaOrigin, "POST", "authorization,content-type"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(SpaOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_GetsNoGrant()
    {
        var response = await _client.SendAsync(Preflight("http://evil.example"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RefusedRequest_FromAnAllowedOrigin_ExposesTheBearerChallenge()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/items");
        request.Headers.Add("Origin", SpaOrigin);

        var response = await _client.SendAsync(request);

        // RFC 6750 §3: the SPA can only read why it was refused if the header is exposed to it.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(SpaOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("WWW-Authenticate", string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")));
    }

    [Fact]
    public void WithoutTheSetting_NoOriginIsAllowed() => Assert.Empty(new ResourcesOptions().AllowedOrigins);

    [Theory]
    [InlineData("http://localhost:5002/")]
    [InlineData("http://localhost:5002/app")]
    [InlineData("localhost:5002")]
    [InlineData("*")]
    public void AllowedOrigin_ThatIsNotAnOrigin_IsRejectedAtStartup(string origin)
    {
        var result = new ResourcesOptionsValidator().Validate(null, new ResourcesOptions { AllowedOrigins = [origin] });

        Assert.True(result.Failed);
        Assert.Contains("Resources:AllowedOrigins", result.FailureMessage);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }
}
