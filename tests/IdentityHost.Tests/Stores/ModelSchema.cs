using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// Contexts from the app's container pointed at another SQLite file, so Identity's options (its schema version)
/// and the model are exactly the app's.
/// </summary>
public static class ModelSchema
{
    /// <summary>Creates the current model's schema with EnsureCreated; returns the create script for messages.</summary>
    public static async Task<string> EnsureCreatedAsync(IServiceProvider services, string path)
    {
        await using var scope = services.CreateAsyncScope();
        var db = ContextOn(scope, path);
        Assert.True(await db.Database.EnsureCreatedAsync(), $"{path} already had a schema");
        return db.Database.GenerateCreateScript();
    }

    /// <summary>Applies the migrations; returns the ids of all migrations the app knows.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services, string path)
    {
        await using var scope = services.CreateAsyncScope();
        var db = ContextOn(scope, path);
        await db.Database.MigrateAsync();
        return db.Database.GetMigrations().ToList();
    }

    private static IdentityHostDbContext ContextOn(AsyncServiceScope scope, string path)
    {
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        db.Database.SetConnectionString($"Data Source={path};Pooling=False");
        return db;
    }
}
