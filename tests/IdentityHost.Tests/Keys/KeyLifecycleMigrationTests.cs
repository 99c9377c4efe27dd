using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// Keys stored before the lifecycle existed migrate to the state they were in: each active from its creation (so the
/// newest keeps signing), numbered by creation, not scheduled for removal.
/// </summary>
public sealed class KeyLifecycleMigrationTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private const string BeforeKeyLifecycle = "20261123040000_AuditLog";

    [SqliteOnlyFact] // drives the SQLite file directly
    public async Task Migration_ExistingKeys_BecomeActiveFromTheirCreationNumberedByAge()
    {
        var path = Path.Combine(factory.Directory, "before-lifecycle.db");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        db.Database.SetConnectionString($"Data Source={path};Pooling=False");
        await db.GetService<IMigrator>().MigrateAsync(BeforeKeyLifecycle);
        await InsertOldRowAsync(path, "newer", "2026-03-01 00:00:00");
        await InsertOldRowAsync(path, "older", "2026-01-01 00:00:00");

        await db.Database.MigrateAsync();

        var keys = await db.SigningKeys.AsNoTracking().OrderBy(k => k.Generation).ToListAsync();
        Assert.Equal(["older", "newer"], keys.Select(k => k.Id));
        Assert.Equal([1L, 2L], keys.Select(k => k.Generation));
        Assert.All(keys, k => Assert.Equal(k.CreatedAt, k.ActivatesAt));
        Assert.All(keys, k => Assert.Null(k.RemovedAt));
    }

    private static async Task InsertOldRowAsync(string path, string id, string createdAt)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """INSERT INTO "SigningKeys" ("Id", "Algorithm", "ProtectedPrivateKey", "CreatedAt") VALUES ($id, 'RS256', 'protected', $created)""";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$created", createdAt);
        await command.ExecuteNonQueryAsync();
    }
}
