using System.Net;
using Resources.OpenApi;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.OpenApi;

/// <summary>Swagger UI at <c>/swagger</c>: open without a token, and configured to sign in with PKCE.</summary>
public sealed class SwaggerUiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Swagger_WithoutAToken_ServesTheUi()
    {
        var response = await api.Client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_RedirectsToItsIndexPage()
    {
        var client = api.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/swagger");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently);
        Assert.EndsWith("swagger/index.html", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SwaggerUi_SignsInAsTheSwaggerClientWithPkce()
    {
        var script = await api.Client.GetStringAsync("/swagger/index.js");

        Assert.Contains($"\"clientId\":\"{ApiDocumentation.SwaggerClientId}\"", script);
        Assert.Contains("\"usePkceWithAuthorizationCodeGrant\":true", script);
        Assert.Contains($"\"url\":\"{ApiDocumentation.DocumentPath}\"", script);
    }

    [Fact]
    public async Task OAuthRedirectPage_IsServedWhereTheSwaggerClientRegisteredIt()
    {
        var response = await api.Client.GetAsync(ApiDocumentation.SwaggerRedirectPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiEndpoints_StillRequireAToken()
    {
        var response = await api.Client.GetAsync("/items");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
