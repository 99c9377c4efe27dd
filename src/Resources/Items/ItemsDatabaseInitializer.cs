using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Resources.Configuration;
using Resources.Logging;

namespace Resources.Items;

/// <summary>
/// Prepares the item store before the server accepts requests (hosted services start before the server):
/// WAL journal, then pending migrations unless <c>Resources:MigrateOnStartup</c> is false.
/// </summary>
internal sealed class ItemsDatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    IOptions<ResourcesOptions> options,
    ILogger<ItemsDatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ItemsDbContext>().Database;

        // WAL lets readers run while a writer commits. The mode is stored in the database file, so once is enough.
        await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        if (!options.Value.MigrateOnStartup)
        {
            logger.MigrationSkipped();
            return;
        }

        var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).ToArray();
        if (pending.Length == 0)
        {
            logger.NoPendingMigrations();
            return;
        }

        await database.MigrateAsync(cancellationToken);
        logger.MigrationsApplied(string.Join(", ", pending));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
