using System.Net;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authorization;

/// <summary>
/// Each endpoint's scope, allowed and forbidden. A valid token without the scope gets 403 and is told which
/// scope it needs (RFC 6750 §3, §3.1).
/// </summary>
public sealed class ScopeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetItems_TokenWithReadScope_Returns200()
    {
        var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(Scopes.ReadItems));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetItems_TokenWithoutReadScope_Returns403WithInsufficientScope()
    {
        var token = api.Issuer.CreateAccessToken($"{Scopes.WriteItems} {Scopes.Admin}");

        var response = await api.Client.GetWithTokenAsync("/items", token);

        AssertInsufficientScope(response, Scopes.ReadItems);
    }

    [Fact]
    public async Task PostItems_TokenWithWriteScope_Returns201()
    {
        var response = await api.Client.PostJsonWithTokenAsync(
            "/items", api.Issuer.CreateAccessToken(Scopes.WriteItems), new { name = "pencil" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PostItems_TokenWithoutWriteScope_Returns403WithInsufficientScope()
    {
        var token = api.Issuer.CreateAccessToken($"{Scopes.ReadItems} {Scopes.Admin}");

        var response = await api.Client.PostJsonWithTokenAsync("/items", token, new { name = "pencil" });

        AssertInsufficientScope(response, Scopes.WriteItems);
    }

    [Fact]
    public async Task DeleteItem_TokenWithAdminScope_Returns204()
    {
        var id = await CreateItemAsync("to delete");

        var response = await api.Client.DeleteWithTokenAsync($"/items/{id}", api.Issuer.CreateAccessToken(Scopes.Admin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task DeleteItem_TokenWithoutAdminScope_Returns403WithInsufficientScopeAndKeepsTheItem()
    {
        var id = await CreateItemAsync("to keep");
        var token = api.Issuer.CreateAccessToken($"{Scopes.ReadItems} {Scopes.WriteItems}");

        var response = await api.Client.DeleteWithTokenAsync($"/items/{id}", token);

        AssertInsufficientScope(response, Scopes.Admin);
        var items = await ItemsApi.ListAllAsync(api.Client, api.Issuer.CreateAccessToken(Scopes.ReadItems));
        Assert.Contains(items, item => item.Id == id);
    }

    [Theory]
    [InlineData("READ:ITEMS")] // RFC 6749 §3.3: scope values are case-sensitive.
    [InlineData("read:items:all")]
    [InlineData("xread:items")]
    [InlineData("read:itemswrite:items")]
    public async Task GetItems_ScopeThatOnlyResemblesReadItems_Returns403(string scope)
    {
        var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(scope));

        AssertInsufficientScope(response, Scopes.ReadItems);
    }

    [Fact]
    public async Task GetItems_ReadScopeAmongOthers_Returns200()
    {
        var token = api.Issuer.CreateAccessToken($"openid {Scopes.WriteItems}  {Scopes.ReadItems} profile");

        var response = await api.Client.GetWithTokenAsync("/items", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetItems_TokenWithoutAnyScope_Returns403WithInsufficientScope()
    {
        var response = await api.Client.GetWithTokenAsync("/items", api.Issuer.CreateAccessToken(scope: null));

        AssertInsufficientScope(response, Scopes.ReadItems);
    }

    [Fact]
    public async Task UnmappedPath_WithoutToken_Returns401()
    {
        // Secure by default: the fallback policy needs a token even where no endpoint says so.
        var response = await api.Client.GetWithTokenAsync("/not-an-endpoint", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static void AssertInsufficientScope(HttpResponseMessage response, string requiredScope)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"{requiredScope}\"", response.WwwAuthenticate());
    }

    private async Task<long> CreateItemAsync(string name)
    {
        var item = await ItemsApi.CreateAsync(api.Client, api.Issuer.CreateAccessToken(Scopes.WriteItems), name);
        return item.Id;
    }
}
