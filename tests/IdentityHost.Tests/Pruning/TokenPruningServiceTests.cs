using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityHost.Tests.Pruning;

/// <summary>The background service prunes every interval, and a pass that fails (a locked database) is logged and
/// retried at the next interval without stopping the host.</summary>
public sealed class TokenPruningServiceTests : IDisposable
{
    private const int PassFailed = 2702;
    private const int Pruned = 2701;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly IdentityHostFactory _factory = new();

    [SqliteOnlyFact] // drives the SQLite file directly
    public async Task Service_PassFailsOnALockedDatabase_LogsAndPrunesAtALaterInterval()
    {
        _factory.Settings["IdentityHost:Pruning:Interval"] = "00:00:00.200";
        _factory.Settings["ConnectionStrings:Identity"] += ";Default Timeout=1";
        _factory.Settings["Logging:LogLevel:IdentityHost.Stores"] = "Information";
        var logs = new LogCapture();
        using var host = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        var client = host.CreateClient();
        Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode);

        await using (var blocker = new SqliteConnection(ConnectionString))
        {
            await blocker.OpenAsync();
            await ExecuteAsync(blocker, "BEGIN IMMEDIATE;");
            // Written inside the lock's transaction: a dead row that appears when the lock is released.
            await ExecuteAsync(blocker, "INSERT INTO Tokens (Id, Type, Hash, Status, ClientId, Scopes, CreatedAt, ExpiresAt) " +
                $"VALUES ('dead', '{TokenTypes.AccessToken}', 'dead', '{TokenStatuses.Revoked}', 'public-app', '[]', '2000-01-01 00:00:00', '2000-01-01 00:00:00');");
            await WaitUntilAsync(() => Task.FromResult(logs.EventIds.Contains(PassFailed)));
            await ExecuteAsync(blocker, "COMMIT;");
        }

        await WaitUntilAsync(async () => await CountTokensAsync() == 0);
        Assert.Contains(Pruned, logs.EventIds);
        Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode);
    }

    private string ConnectionString => $"Data Source={_factory.DatabasePath};Pooling=False";

    private static async Task<long> ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    private async Task<long> CountTokensAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return await ExecuteAsync(connection, "SELECT COUNT(*) FROM Tokens;");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "the background service did not get there in time");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _factory.Dispose();
}
