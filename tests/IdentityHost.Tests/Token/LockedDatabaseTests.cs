using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Token;

/// <summary>
/// A database that is briefly locked by another writer makes requests wait, not fail; one locked for longer than
/// the busy (SQLite) or command (PostgreSQL) timeout is answered 503 temporarily_unavailable, never a 500, and loses
/// nothing.
/// </summary>
public sealed class LockedDatabaseTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public async Task Refresh_WhileAnotherWriterHoldsTheLockBriefly_WaitsAndSucceeds()
    {
        var client = _factory.CreateClient();
        await _factory.CreateUserAsync("locked-briefly");
        var token = (await client.PasswordAsync("locked-briefly")).RefreshToken!;

        await using var blocker = await TestStore.HoldWriteLockAsync(_factory.Directory);
        var refresh = client.RefreshAsync(token);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.False(refresh.IsCompleted, "the refresh should be waiting for the lock");
        await blocker.CloseAsync();

        Assert.Equal(200, (await refresh).Status);
    }

    [Fact]
    public async Task Refresh_WhileTheDatabaseStaysLocked_Returns503AndTheTokenStaysUsable()
    {
        _factory.Settings["ConnectionStrings:Identity"] += TestStore.ShortLockTimeout;
        var client = _factory.CreateClient();
        await _factory.CreateUserAsync("locked-long");
        var token = (await client.PasswordAsync("locked-long")).RefreshToken!;

        TokenResult failed;
        await using (await TestStore.HoldWriteLockAsync(_factory.Directory))
        {
            failed = await client.RefreshAsync(token);
        }
        var retried = await client.RefreshAsync(token);

        Assert.Equal(503, failed.Status);
        Assert.Equal("temporarily_unavailable", failed.Error);
        Assert.NotNull(failed.Response.Headers.RetryAfter);
        Assert.Equal(200, retried.Status); // the failed attempt redeemed nothing
    }

    public void Dispose() => _factory.Dispose();
}
