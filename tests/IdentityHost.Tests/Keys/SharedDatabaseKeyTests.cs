using IdentityHost.Configuration;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IdentityHost.Tests.Keys.KeyChecks;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// Two instances on one SQLite file (as behind a load balancer), their clocks moved together: they publish the same
/// keys and sign with the same key, and when both find rotation due at the same moment exactly one key is created.
/// </summary>
public sealed class SharedDatabaseKeyTests : IDisposable
{
    private static readonly TimeSpan Rotation = new SigningKeyOptions().RotationPeriod;
    private static readonly TimeSpan Propagation = new SigningKeyOptions().PropagationPeriod;
    private readonly IdentityHostFactory _first = new();
    private readonly IdentityHostFactory _second;

    public SharedDatabaseKeyTests()
    {
        _ = _first.Services;
        _second = IdentityHostFactory.InDirectory(_first.Directory);
        _ = _second.Services;
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    private void Advance(TimeSpan by)
    {
        _first.Clock.Advance(by);
        _second.Clock.Advance(by);
    }

    private async Task<List<SigningKeyEntity>> StoredKeysAsync()
    {
        using var scope = _first.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>().SigningKeys.AsNoTracking().ToListAsync();
    }

    private static async Task<string> SigningKidAsync(IdentityHostFactory instance) =>
        Kid(await Discovery.Jwks.ServiceAccessTokenAsync(instance.CreateClient()));

    [Fact]
    public async Task TwoInstances_ThroughARotation_PublishTheSameKeysAndSignWithTheSameKey()
    {
        var before = await SigningKidAsync(_first);
        Assert.Equal(before, await SigningKidAsync(_second));

        Advance(Rotation);
        await _first.CheckKeysAsync(); // the first instance rotates
        await _second.CheckKeysAsync(); // the second picks the new key up at its next check

        Assert.Equal(2, (await PublishedKidsAsync(_first.CreateClient())).Count);
        Assert.Equal(await PublishedKidsAsync(_first.CreateClient()), await PublishedKidsAsync(_second.CreateClient()));
        Assert.Equal(before, await SigningKidAsync(_second));
        Advance(Propagation);
        var after = await SigningKidAsync(_first);
        Assert.NotEqual(before, after);
        Assert.Equal(after, await SigningKidAsync(_second));
    }

    [Fact]
    public async Task TwoInstances_FindingRotationDueAtOnce_CreateExactlyOneKey()
    {
        ThreadPoolHeadroom.Ensure();
        for (var round = 1; round <= 5; round++)
        {
            Advance(Rotation);
            var checks = Enumerable.Range(0, 4).Select(i => Task.Run(() => (i % 2 == 0 ? _first : _second).CheckKeysAsync()));
            await Task.WhenAll(checks);

            var now = _first.Clock.GetUtcNow().UtcDateTime;
            var keys = await StoredKeysAsync();
            var pending = Assert.Single(keys, k => k.ActivatesAt > now);
            Assert.Equal(keys.Max(k => k.Generation), pending.Generation);
            Assert.Equal(keys.Count, keys.Select(k => k.Generation).Distinct().Count());
            Advance(Propagation);
        }
    }
}
