using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Resources.OpenApi;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.OpenApi;

/// <summary>
/// The OpenAPI document tells a client how to get a token (OAuth 2.0 authorization code flow at the configured
/// authority) and which scope each operation needs, as the authorization policies enforce it.
/// </summary>
public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<JsonElement> GetDocumentAsync()
    {
        var response = await api.Client.GetAsync(ApiDocumentation.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Document_IsServedWithoutAToken()
    {
        var response = await api.Client.GetAsync(ApiDocumentation.DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Document_DeclaresAnAuthorizationCodeFlowAtTheConfiguredAuthority()
    {
        var document = await GetDocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        var flows = scheme.GetProperty("flows");
        Assert.Equal(["authorizationCode"], flows.EnumerateObject().Select(f => f.Name));
        var flow = flows.GetProperty("authorizationCode");
        Assert.Equal(api.Issuer.Issuer + "/connect/authorize", flow.GetProperty("authorizationUrl").GetString());
        Assert.Equal(api.Issuer.Issuer + "/connect/token", flow.GetProperty("tokenUrl").GetString());
    }

    [Fact]
    public async Task Document_ListsEveryApiScopeWithADescription()
    {
        var document = await GetDocumentAsync();

        var scopes = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2")
            .GetProperty("flows").GetProperty("authorizationCode").GetProperty("scopes");
        Assert.Equal(
            ["admin", "read:items", "write:items"],
            scopes.EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(scopes.EnumerateObject(), s => Assert.False(string.IsNullOrWhiteSpace(s.Value.GetString())));
    }

    [Theory]
    [InlineData("/items", "get", new[] { "read:items" })]
    [InlineData("/items", "post", new[] { "write:items" })]
    [InlineData("/items/{id}", "delete", new[] { "admin" })]
    [InlineData("/me", "get", new string[0])]
    public async Task EachOperation_RequiresExactlyTheScopesItsPolicyEnforces(string path, string method, string[] scopes)
    {
        var document = await GetDocumentAsync();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
        var scheme = Assert.Single(requirement.EnumerateObject());
        Assert.Equal("oauth2", scheme.Name);
        Assert.Equal(scopes, scheme.Value.EnumerateArray().Select(s => s.GetString()));
        Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
    }

    [Fact]
    public async Task EveryDocumentedOperation_HasASecurityRequirement()
    {
        var document = await GetDocumentAsync();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                // Every documented operation is protected: none may be left without a requirement by accident.
                Assert.True(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name} has no security requirement");
            }
        }
        Assert.False(document.GetProperty("paths").TryGetProperty(ApiDocumentation.DocumentPath, out _));
    }
}
