using IdentityHost.Admin;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.UserInfo;
using Microsoft.Extensions.DependencyInjection;
using static IdentityHost.Tests.Infrastructure.TokenRequests;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Introspection;

/// <summary>
/// A removed client's access tokens stop working at this server's own endpoints at once: introspection says inactive
/// and userinfo refuses them (the client's grants went with it; its own client_credentials tokens have none).
/// </summary>
public sealed class RemovedClientTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers();
    private readonly HttpClient _client;

    public RemovedClientTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task RemoveAsync(string clientId)
    {
        using var scope = _factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<ClientAdministration>()
            .RemoveAsync(clientId, AdminActor.CommandLine, CancellationToken.None);
        Assert.Equal(AdminResult.Done, result);
    }

    [Fact]
    public async Task ClientCredentialsToken_OfARemovedClient_IsInactive()
    {
        var token = (await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret))).AccessToken!;
        Assert.True((await _client.IntrospectAsync(token)).Active);

        await RemoveAsync("service");

        Assert.False((await _client.IntrospectAsync(token)).Active);
    }

    [Fact]
    public async Task UserToken_OfARemovedClient_IsRefusedAtUserInfo()
    {
        await _factory.CreateUserAsync("removed-client-user");
        var token = (await _client.PasswordAsync("removed-client-user", clientId: "other-app", scope: "read:items")).AccessToken!;
        Assert.True((await _client.IntrospectAsync(token)).Active);

        await RemoveAsync("other-app");

        Assert.False((await _client.IntrospectAsync(token)).Active);
        Assert.Equal(401, (await _client.GetUserInfoAsync(token)).Status);
    }
}
