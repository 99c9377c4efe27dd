using IdentityHost.Configuration;
using IdentityHost.Keys;
using IdentityHost.Stores;
using Microsoft.Extensions.Options;

namespace IdentityHost.Hosting;

/// <summary>
/// Start-up work, before the server takes requests: migrate (when configured), upsert the configured catalog, and
/// load the signing keys.
/// </summary>
public sealed class IdentityHostInitializer(
    IServiceScopeFactory scopes,
    SigningKeyLifecycle keys,
    IOptions<IdentityHostOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PrepareStoreAsync(scopes, options.Value, cancellationToken);
        await keys.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shared with the command-line verbs, which work on the same store without starting the server.</summary>
    public static async Task PrepareStoreAsync(IServiceScopeFactory scopes, IdentityHostOptions options, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (options.MigrateOnStartup)
        {
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>(), cancellationToken);
        }
        await scope.ServiceProvider.GetRequiredService<CatalogSeeder>().SeedAsync(cancellationToken);
    }
}
