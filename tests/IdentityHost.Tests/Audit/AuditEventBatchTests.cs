using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Audit;

/// <summary>
/// Audit events written as multi-row inserts land whole: every field, in order, across several statements, with the
/// timestamp read back as written (on either provider).
/// </summary>
public sealed class AuditEventBatchTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public async Task InsertAsync_SeveralStatementsOfRows_StoresEveryEventInOrder()
    {
        _ = _factory.Services; // the host (and its schema) exists before the insert
        // Microseconds: PostgreSQL's timestamp precision (SQLite keeps the ticks).
        var start = new DateTime(2026, 11, 24, 1, 2, 3, DateTimeKind.Utc).AddTicks(1234560);
        var count = AuditEventBatch.RowsPerStatement * 2 + 7;
        var events = Enumerable.Range(0, count)
            .Select(i => AuditEventEntity.Create(start.AddSeconds(i), $"actor-{i}", "test.batch", $"subject-{i}", $"details '{i}'; é ✓"))
            .ToList();

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await AuditEventBatch.InsertAsync(scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>(), events, CancellationToken.None);
        }

        var stored = (await AuditTrail.AllAsync(_factory)).Where(e => e.Action == "test.batch").ToList();
        Assert.Equal(count, stored.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"actor-{i}", stored[i].Actor);
            Assert.Equal($"subject-{i}", stored[i].Subject);
            Assert.Equal($"details '{i}'; é ✓", stored[i].Details);
            Assert.Equal(start.AddSeconds(i), stored[i].OccurredAt);
        }
        Assert.Equal(stored.Select(e => e.Id).Distinct().Count(), count);
    }

    public void Dispose() => _factory.Dispose();
}
