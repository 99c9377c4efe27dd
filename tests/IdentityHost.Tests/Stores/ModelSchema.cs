using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// Contexts from the app's container pointed at another database (a SQLite file, or a PostgreSQL database), so
/// Identity's options (its schema version), the provider and the model are exactly the app's.
/// </summary>
public static class ModelSchema
{
    /// <summary>Creates the current model's schema with EnsureCreated; returns the create script for messages.</summary>
    public static async Task<string> EnsureCreatedAsync(IServiceProvider services, string connectionString)
    {
        await using var scope = services.CreateAsyncScope();
        var db = ContextOn(scope, connectionString);
        Assert.True(await db.Database.EnsureCreatedAsync(), $"{connectionString} already had a schema");
        return db.Database.GenerateCreateScript();
    }

    /// <summary>Applies the migrations; returns the ids of all migrations the app knows, with their classes' namespaces.</summary>
    public static async Task<(IReadOnlyList<string> Ids, IReadOnlyList<string?> Namespaces)> MigrateAsync(IServiceProvider services, string connectionString)
    {
        await using var scope = services.CreateAsyncScope();
        var db = ContextOn(scope, connectionString);
        await db.Database.MigrateAsync();
        var migrations = db.GetService<IMigrationsAssembly>().Migrations;
        return (db.Database.GetMigrations().ToList(), migrations.Values.Select(t => t.Namespace).Distinct().ToList());
    }

    private static IdentityHostDbContext ContextOn(AsyncServiceScope scope, string connectionString)
    {
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        db.Database.SetConnectionString(connectionString);
        return db;
    }
}
