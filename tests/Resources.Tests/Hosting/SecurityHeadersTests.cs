using System.Net;
using Resources.Authorization;
using Resources.OpenApi;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Hosting;

/// <summary>
/// Every response of the API, success or error, forbids MIME sniffing, sends no referrer and may not be stored by
/// any cache: the answers carry user data and depend on the caller's token.
/// </summary>
public sealed class SecurityHeadersTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ProtectedResource_Ok_CarriesTheHeaders()
    {
        var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.ReadItems));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task MissingToken_Unauthorized_CarriesTheHeaders()
    {
        var response = await api.Client.GetAsync("/items");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task MissingScope_Forbidden_CarriesTheHeaders()
    {
        var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.WriteItems));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task MalformedBody_ProblemDetails_CarriesTheHeaders()
    {
        var response = await api.Client.PostRawJsonWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.WriteItems), "not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task UnknownItem_ProblemDetails_CarriesTheHeaders()
    {
        var response = await api.Client.DeleteWithTokenAsync($"/items/{long.MaxValue}", api.Issuer.CreateAccessToken(Scopes.Admin));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task OpenApiDocument_StillServed_WithTheHeaders()
    {
        var response = await api.Client.GetAsync(ApiDocumentation.DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task SwaggerUi_KeepsItsOwnCaching_AndGetsTheOtherHeaders()
    {
        var response = await api.Client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // Swagger UI chose "private" (never kept by a shared cache); a response's own choice is not overwritten.
        Assert.True(response.Headers.CacheControl?.Private, $"Cache-Control was '{response.Headers.CacheControl}'");
        Assert.False(response.Headers.CacheControl?.NoStore);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control was '{response.Headers.CacheControl}'");
    }
}
