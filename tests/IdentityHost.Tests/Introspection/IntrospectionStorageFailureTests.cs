using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Introspection;

/// <summary>
/// Introspection that cannot read its store is 503 temporarily_unavailable: a resource server must never read an
/// outage as <c>{"active":false}</c> (a false logout) nor, worse, as active.
/// </summary>
public sealed class IntrospectionStorageFailureTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers();
    private readonly HttpClient _client;

    public IntrospectionStorageFailureTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>
    /// Takes the Tokens table away for the duration (a read cannot be made to fail with a lock: in WAL mode readers pass
    /// writers), so every read of it fails as a broken store does.
    /// </summary>
    private async Task<IAsyncDisposable> TokensTableMissingAsync()
    {
        await ExecuteAsync("""ALTER TABLE "Tokens" RENAME TO "TokensAway";""");
        return new Restore(() => ExecuteAsync("""ALTER TABLE "TokensAway" RENAME TO "Tokens";"""));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await TestStore.OpenAsync(_factory.Directory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await restore();
    }

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("access_token")]
    public async Task Introspect_WhileTheStoreCannotBeRead_Is503_ThenActiveAgain(string type)
    {
        await _factory.CreateUserAsync("in-broken-" + type);
        var tokens = await _client.PasswordAsync("in-broken-" + type, scope: "openid read:items offline_access");
        var token = type == "refresh_token" ? tokens.RefreshToken : tokens.AccessToken;

        ProtocolResult failed;
        await using (await TokensTableMissingAsync())
        {
            failed = await _client.IntrospectAsync(token);
        }

        Assert.Equal(503, failed.Status);
        Assert.Equal("temporarily_unavailable", failed.Error);
        Assert.DoesNotContain("active", failed.Text);
        Assert.True((await _client.IntrospectAsync(token)).Active);
    }
}
