using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// The per-connection SQLite settings hold on every connection the host uses, including the pooled ones that are
/// configured once, on their first open.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    [SqliteOnlyFact]
    public async Task EveryOpen_IncludingPooledReuse_HasTheSettings()
    {
        for (var open = 0; open < 3; open++)
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
                Assert.Equal(30_000L, await PragmaAsync(db, "busy_timeout")); // Default Timeout: 30 s
                Assert.Equal(16L * 1024 * 1024, await PragmaAsync(db, "journal_size_limit"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<long> PragmaAsync(DbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _factory.Dispose();
}
