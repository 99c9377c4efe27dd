using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Resources.Configuration;

namespace Resources.Items;

/// <summary>How the item store is opened; shared by the host and the schema test so both see the same model.</summary>
public static class ItemsDatabase
{
    internal static IServiceCollection AddItemsStore(this IServiceCollection services)
    {
        // The connection string is read when the pool is first used, not while services are added, so settings
        // supplied late (test hosts, configuration providers added after AddResources) still apply.
        services.AddDbContextPool<ItemsDbContext>((provider, options) =>
            Configure(options, ConnectionString(provider.GetRequiredService<IConfiguration>())));
        services.AddHostedService<ItemsDatabaseInitializer>();
        return services;
    }

    /// <summary>The configured connection string of the item store, or the default SQLite file.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ResourcesOptions.ConnectionStringName) is { Length: > 0 } configured
            ? configured
            : ResourcesOptions.DefaultConnectionString;

    /// <summary>Applies the provider and conventions of the item store to <paramref name="options"/>.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmaInterceptor.Instance)
            // Migrations are hand-written without a model snapshot (DESIGN.md §4), so EF always reports "pending
            // model changes" and, since EF 9, throws on Migrate. ItemsSchemaTests is the guard instead: it fails
            // when the model and the migrated schema differ.
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
}
