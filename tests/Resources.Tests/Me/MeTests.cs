using System.Net;
using System.Text.Json;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Me;

/// <summary><c>GET /me</c>: any valid token, answered with the token's own claim names.</summary>
public sealed class MeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetMe_ValidToken_ReturnsSubjectClientAndScopes()
    {
        var token = api.Issuer.CreateAccessToken(new AccessTokenSpec
        {
            Subject = "user-42",
            ClientId = "spa",
            Scope = $"{Scopes.ReadItems} {Scopes.WriteItems}",
        });

        var response = await api.Client.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("user-42", me.RootElement.GetProperty("sub").GetString());
        Assert.Equal("spa", me.RootElement.GetProperty("client_id").GetString());
        Assert.Equal(
            [Scopes.ReadItems, Scopes.WriteItems],
            me.RootElement.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
    }

    [Fact]
    public async Task GetMe_TokenWithoutScopes_Returns200WithEmptyScopes()
    {
        var response = await api.Client.GetWithTokenAsync("/me", api.Issuer.CreateAccessToken(scope: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(me.RootElement.GetProperty("scopes").EnumerateArray());
    }

    [Fact]
    public async Task GetMe_WithoutToken_Returns401()
    {
        var response = await api.Client.GetWithTokenAsync("/me", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.WwwAuthenticate());
    }
}
