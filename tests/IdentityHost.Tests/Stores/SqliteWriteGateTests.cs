using System.Data.Common;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// On SQLite, the writers of one process queue in the process, one write transaction at a time, instead of all
/// asking SQLite for its single write lock and sleeping in its busy handler on blocked threads.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private const int Parallel = 16;
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithoutFailureBudgets();

    public SqliteWriteGateTests() => ThreadPoolHeadroom.Ensure(64);

    [SqliteOnlyFact]
    public async Task ParallelRefreshes_AllSucceed_WithNeverTwoWriteTransactionsOpenAtOnce()
    {
        var transactions = new OpenTransactions();
        using var host = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<IdentityHostDbContext>(options => options.AddInterceptors(transactions))));
        var client = host.CreateClient();
        await _factory.CreateUserAsync("gate");
        var tokens = new List<string>();
        for (var i = 0; i < Parallel; i++)
        {
            tokens.Add((await client.PasswordAsync("gate")).RefreshToken!);
        }
        transactions.Reset();

        var results = await Task.WhenAll(tokens.Select(token => Task.Run(() => client.RefreshAsync(token))));

        Assert.All(results, result => Assert.Equal(200, result.Status));
        Assert.True(transactions.Started >= Parallel, $"expected a write transaction per rotation, saw {transactions.Started}");
        Assert.Equal(1, transactions.MostOpenAtOnce);
    }

    /// <summary>Counts write transactions from the moment one is asked for until it ends. Each start waits a little,
    /// as a slow disk would, so writers that are not queued in the process would be seen overlapping.</summary>
    private sealed class OpenTransactions : DbTransactionInterceptor
    {
        private int _open;
        private int _mostOpen;
        private int _started;

        public int MostOpenAtOnce => Volatile.Read(ref _mostOpen);
        public int Started => Volatile.Read(ref _started);

        public void Reset()
        {
            Volatile.Write(ref _mostOpen, 0);
            Volatile.Write(ref _started, 0);
        }

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            var open = Interlocked.Increment(ref _open);
            Interlocked.Increment(ref _started);
            int most;
            while (open > (most = Volatile.Read(ref _mostOpen)) && Interlocked.CompareExchange(ref _mostOpen, open, most) != most)
            {
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            return result;
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => End();

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => End();

        public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) => End();

        private Task End()
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }
    }

    public void Dispose() => _factory.Dispose();
}
