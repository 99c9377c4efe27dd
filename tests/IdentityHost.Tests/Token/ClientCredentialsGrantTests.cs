using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Token;

/// <summary>RFC 6749 §4.4: the client credentials grant.</summary>
public sealed class ClientCredentialsGrantTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ClientCredentials_IssuesAccessTokenOnly_WithClientSubjectInItsOwnNamespace()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, result.Status);
        Assert.Null(result.RefreshToken); // RFC 6749 §4.4.3
        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal("client:service", token.Subject);
        Assert.Equal("service", token.GetClaim("client_id").Value);
        Assert.Equal("read:items", token.GetClaim("scope").Value);
        Assert.Equal(["resources"], token.Audiences);
    }

    [Fact]
    public async Task ClientCredentials_WithoutScope_GrantsTheClientsApiScopes()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials")), basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, result.Status);
        Assert.Equal("admin read:items", result.Scope);
    }

    [Fact]
    public async Task ClientCredentials_AskingForOfflineAccess_IsInvalidScope()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items offline_access")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal("invalid_scope", result.Error);
    }

    [Fact]
    public async Task ClientCredentials_ResponseIsNotCached()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials")), basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal("no-store", result.Response.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", result.Response.Headers.Pragma.Select(p => p.Name));
        Assert.Equal("Bearer", result.Body.GetProperty("token_type").GetString());
        Assert.True(result.Body.GetProperty("expires_in").GetInt32() > 0);
    }
}
