using IdentityHost.Configuration;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// The PostgreSQL KeyLifecycle migration on keys stored before it (as <see cref="KeyLifecycleMigrationTests"/> for
/// SQLite): each active from its creation, numbered by creation, not scheduled for removal; and a host on the migrated
/// database decrypts them, publishes both and signs with the newest.
/// </summary>
public sealed class PostgresKeyLifecycleMigrationTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>, IDisposable
{
    private const string BeforeKeyLifecycle = "20261123000000_Initial";
    private readonly string _database = TestStore.DatabaseName(factory.Directory) + "_before_lifecycle";

    [PostgresFact]
    public async Task Migration_ExistingKeys_BecomeActiveFromTheirCreationNumberedByAge_AndTheHostSignsWithTheNewest()
    {
        TestStore.CreatePostgresDatabase(_database);
        var connectionString = TestStore.PostgresConnectionString(_database);
        // Whole seconds: what the old rows held is compared exactly with what the migration copied.
        var now = DateTime.UnixEpoch.AddSeconds(Math.Floor((factory.Clock.GetUtcNow().UtcDateTime - DateTime.UnixEpoch).TotalSeconds));
        var (older, newer) = (now.AddHours(-10), now.AddHours(-5));
        var material = factory.Services.GetRequiredService<KeyMaterial>();
        var newerKey = material.Generate(SigningAlgorithms.RS256);
        var olderKey = material.Generate(SigningAlgorithms.RS256);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
            db.Database.SetConnectionString(connectionString);
            await db.GetService<IMigrator>().MigrateAsync(BeforeKeyLifecycle);
            // Inserted newest first: the numbering must follow creation, not insertion.
            await InsertOldRowAsync(connectionString, newerKey.Key.KeyId, newerKey.ProtectedPrivateKey, newer);
            await InsertOldRowAsync(connectionString, olderKey.Key.KeyId, olderKey.ProtectedPrivateKey, older);

            await db.Database.MigrateAsync();

            var keys = await db.SigningKeys.AsNoTracking().OrderBy(k => k.Generation).ToListAsync();
            Assert.Equal([olderKey.Key.KeyId, newerKey.Key.KeyId], keys.Select(k => k.Id));
            Assert.Equal([1L, 2L], keys.Select(k => k.Generation));
            Assert.Equal([older, newer], keys.Select(k => k.ActivatesAt));
            Assert.All(keys, k => Assert.Equal(k.CreatedAt, k.ActivatesAt));
            Assert.All(keys, k => Assert.Null(k.RemovedAt));
        }

        // A host (same Data Protection keys) started on the migrated database.
        using var host = IdentityHostFactory.InDirectory(factory.Directory);
        host.Settings["ConnectionStrings:Identity"] = connectionString;
        await host.CreateUserAsync("migrated-keys");
        var client = host.CreateClient();

        Assert.Equal(new[] { olderKey.Key.KeyId, newerKey.Key.KeyId }.Order(StringComparer.Ordinal), await KeyChecks.PublishedKidsAsync(client));
        Assert.Equal(newerKey.Key.KeyId, KeyChecks.Kid(await KeyChecks.UserAccessTokenAsync(client, TokenRequests.TokenPath, "migrated-keys")));
        // The first lifecycle check retired the older key: published for one retention period after the newer took over.
        await using var check = host.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<IdentityHostDbContext>().SigningKeys.AsNoTracking().ToDictionaryAsync(k => k.Id);
        var retention = host.Services.GetRequiredService<IOptions<IdentityHostOptions>>().Value.SigningKeys.RetentionPeriod;
        Assert.Equal(newer + retention, rows[olderKey.Key.KeyId].RemovedAt);
        Assert.Null(rows[newerKey.Key.KeyId].RemovedAt);
    }

    /// <summary>A row as the code before the lifecycle wrote it: id, algorithm, encrypted key, creation time.</summary>
    private static async Task InsertOldRowAsync(string connectionString, string id, string protectedPrivateKey, DateTime createdAt)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """INSERT INTO "SigningKeys" ("Id", "Algorithm", "ProtectedPrivateKey", "CreatedAt") VALUES (@id, 'RS256', @key, @created)""", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("key", protectedPrivateKey);
        command.Parameters.AddWithValue("created", createdAt);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        if (TestStore.IsPostgres) TestStore.DropPostgresDatabase(_database);
    }
}
