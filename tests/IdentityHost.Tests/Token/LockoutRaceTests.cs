using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Tests.Token;

/// <summary>
/// Failed passwords that arrive together (a spraying bot) are each counted: the lockout limit holds even when every
/// attempt reads the same failure count before any of them writes.
/// </summary>
public sealed class LockoutRaceTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    public LockoutRaceTests()
    {
        // Let every attempt hash at once, so all of them are in flight together.
        _factory.Settings["IdentityHost:PasswordHashing:MaxConcurrency"] = "16";
        ThreadPoolHeadroom.Ensure();
    }

    [Fact]
    public async Task Password_ParallelFailuresUpToTheLimit_LockTheAccount()
    {
        await _factory.CreateUserAsync("race");
        var client = _factory.CreateClient();
        var maxFailures = new IdentityOptions().Lockout.MaxFailedAccessAttempts;

        var results = await Task.WhenAll(Enumerable.Range(0, maxFailures)
            .Select(_ => Task.Run(() => client.PasswordAsync("race", password: "Wrong-passw0rd"))));

        Assert.All(results, r => Assert.Equal("invalid_grant", r.Error));
        await _factory.WithUserAsync("race", async (users, user) => Assert.True(await users.IsLockedOutAsync(user)));
        Assert.Equal("invalid_grant", (await client.PasswordAsync("race")).Error);
    }

    public void Dispose() => _factory.Dispose();
}
