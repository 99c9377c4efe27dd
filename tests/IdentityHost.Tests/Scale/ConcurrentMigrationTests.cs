using IdentityHost.Tests.Discovery;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Stores;

namespace IdentityHost.Tests.Scale;

/// <summary>
/// Several instances starting at once on an empty database: one applies the migrations, the others wait and find
/// nothing pending (PostgreSQL: an advisory lock, DatabaseMigrator; SQLite: EF Core's migration lock).
/// </summary>
public sealed class ConcurrentMigrationTests
{
    [Fact]
    public async Task HostsStartingAtOnce_OnAnEmptyDatabase_ApplyEachMigrationOnce_AndAllServe()
    {
        ThreadPoolHeadroom.Ensure();
        using var first = new IdentityHostFactory();
        var others = Enumerable.Range(0, 3).Select(_ => IdentityHostFactory.InDirectory(first.Directory)).ToList();
        try
        {
            var hosts = others.Prepend(first).ToList();
            using var go = new Barrier(hosts.Count);
            // Each host migrates while starting; the barrier makes the starts overlap.
            var clients = await Task.WhenAll(hosts.Select(host => Task.Run(() =>
            {
                go.SignalAndWait();
                return host.CreateClient();
            })));

            var history = await StoreSchema.MigrationIdsAsync(first.Directory);
            Assert.NotEmpty(history);
            Assert.Equal(history.Distinct(), history);
            foreach (var client in clients)
            {
                Assert.NotEmpty((await Jwks.GetAsync(client)).Keys);
            }
        }
        finally
        {
            foreach (var other in others) other.Dispose();
        }
    }
}
