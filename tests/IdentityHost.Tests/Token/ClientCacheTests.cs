using IdentityHost.Admin;
using IdentityHost.Configuration;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Token;

/// <summary>
/// Client rows are cached for the token endpoint, but an admin change (admin area, API, <c>clients</c> verb: all go
/// through <see cref="ClientAdministration"/>) takes effect on this instance at once, and a change made by another
/// process within <see cref="ClientCache.MaxAge"/>.
/// </summary>
public sealed class ClientCacheTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();
    private readonly HttpClient _http;

    public ClientCacheTests() => _http = _factory.CreateClient();

    private Task<TokenResult> ClientCredentialsAsync(string clientId, string secret) =>
        _http.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")), basic: (clientId, secret));

    private async Task<T> WithAdministrationAsync<T>(Func<ClientAdministration, Task<T>> action)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ClientAdministration>());
    }

    private async Task<(string ClientId, string Secret)> NewServiceAsync()
    {
        var clientId = "cached-" + Guid.NewGuid().ToString("N")[..8];
        var added = await WithAdministrationAsync(admin => admin.AddAsync(new ClientOptions
        {
            ClientId = clientId, Type = "confidential", GrantTypes = ["client_credentials"], Scopes = ["read:items"],
        }, generateSecret: true, AdminActor.CommandLine, CancellationToken.None));
        Assert.Equal(AdminResult.Done, added.Result);
        // Used once, so the row is in the cache before the change.
        Assert.Equal(200, (await ClientCredentialsAsync(clientId, added.Secret!)).Status);
        return (clientId, added.Secret!);
    }

    [Fact]
    public async Task RotatedSecret_StopsWorkingAtOnce()
    {
        var (clientId, oldSecret) = await NewServiceAsync();

        var rotated = await WithAdministrationAsync(admin => admin.RotateSecretAsync(clientId, AdminActor.CommandLine, CancellationToken.None));

        Assert.Equal("invalid_client", (await ClientCredentialsAsync(clientId, oldSecret)).Error);
        Assert.Equal(200, (await ClientCredentialsAsync(clientId, rotated.Secret!)).Status);
    }

    [Fact]
    public async Task RemovedClient_StopsWorkingAtOnce()
    {
        var (clientId, secret) = await NewServiceAsync();

        await WithAdministrationAsync(admin => admin.RemoveAsync(clientId, AdminActor.CommandLine, CancellationToken.None));

        Assert.Equal("invalid_client", (await ClientCredentialsAsync(clientId, secret)).Error);
    }

    [Fact]
    public async Task UpdatedGrantTypes_ApplyAtOnce()
    {
        var (clientId, secret) = await NewServiceAsync();

        var updated = await WithAdministrationAsync(admin => admin.UpdateAsync(clientId, new ClientOptions
        {
            GrantTypes = ["authorization_code"], RedirectUris = ["https://app.example/cb"], Scopes = ["read:items"],
        }, AdminActor.CommandLine, CancellationToken.None));

        Assert.Equal(AdminResult.Done, updated.Result);
        Assert.Equal("unauthorized_client", (await ClientCredentialsAsync(clientId, secret)).Error);
    }

    [Fact]
    public async Task ChangeByAnotherProcess_IsSeenWithinMaxAge()
    {
        var (clientId, secret) = await NewServiceAsync();
        // What the clients verb of another process, or another instance, does: the row goes without this cache knowing.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>().Clients
                .Where(c => c.ClientId == clientId).ExecuteDeleteAsync();
        }

        Assert.Equal(200, (await ClientCredentialsAsync(clientId, secret)).Status); // still cached: the documented bound
        _factory.Clock.Advance(ClientCache.MaxAge);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(clientId, secret)).Error);
    }

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }
}
