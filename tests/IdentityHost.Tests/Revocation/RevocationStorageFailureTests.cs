using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Introspection;
using static IdentityHost.Tests.Infrastructure.TokenRequests;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Revocation;

/// <summary>
/// A revocation that cannot be stored is 503 temporarily_unavailable, never a 200 that did not happen; the token keeps
/// working until a retry succeeds.
/// </summary>
public sealed class RevocationStorageFailureTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers();
    private readonly HttpClient _client;

    public RevocationStorageFailureTests()
    {
        // How long a locked database is waited for before the request fails.
        _factory.Settings["ConnectionStrings:Identity"] += TestStore.ShortLockTimeout;
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("access_token")]
    public async Task Revoke_WhileTheDatabaseStaysLocked_Is503_AndTheTokenStaysActive(string type)
    {
        await _factory.CreateUserAsync("rv-locked-" + type);
        var tokens = await _client.PasswordAsync("rv-locked-" + type, scope: "openid read:items offline_access");
        var token = type == "refresh_token" ? tokens.RefreshToken : tokens.AccessToken;

        ProtocolResult failed;
        await using (await TestStore.HoldWriteLockAsync(_factory.Directory))
        {
            failed = await _client.RevokeAsync(token, hint: type);
        }

        Assert.Equal(503, failed.Status);
        Assert.Equal("temporarily_unavailable", failed.Error);
        Assert.NotNull(failed.Response.Headers.RetryAfter);
        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);
        Assert.True((await _client.IntrospectAsync(tokens.RefreshToken)).Active);
        // The retry, with the lock gone, does revoke.
        Assert.Equal(200, (await _client.RevokeAsync(token, hint: type)).Status);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(token)).Text);
    }
}
