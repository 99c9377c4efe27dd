using IdentityHost.Stores;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Audit;

/// <summary>Reads the <c>AuditEvents</c> table, which security events reach in batches shortly after they happen.</summary>
public static class AuditTrail
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task<List<AuditEventEntity>> AllAsync<T>(WebApplicationFactory<T> factory) where T : class
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The first event matching, waiting for the batch writer; fails the test if none arrives in time.</summary>
    public static async Task<AuditEventEntity> WaitForAsync<T>(WebApplicationFactory<T> factory, string action, Func<AuditEventEntity, bool> match)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var found = (await AllAsync(factory)).FirstOrDefault(e => e.Action == action && match(e));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("\n", (await AllAsync(factory)).Select(e => $"{e.Actor} {e.Action} {e.Subject} ({e.Details})"));
                Assert.Fail($"No '{action}' audit event matched within {Patience.TotalSeconds} s. Events:\n{seen}");
            }
            await Task.Delay(50);
        }
    }
}
