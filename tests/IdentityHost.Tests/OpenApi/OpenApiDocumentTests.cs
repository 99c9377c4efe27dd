using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.OpenApi;

/// <summary>IdentityHost publishes an OpenAPI document of its HTTP endpoints (the protocol itself is in discovery).</summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public async Task Document_IsServedAnonymouslyAndListsTheDiscoveryEndpoints()
    {
        var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/.well-known/openid-configuration", out _));
        Assert.True(paths.TryGetProperty("/.well-known/jwks", out _));
    }

    public void Dispose() => _factory.Dispose();
}
