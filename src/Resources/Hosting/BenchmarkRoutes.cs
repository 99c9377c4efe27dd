using Resources.Configuration;
using Resources.Items;

namespace Resources.Hosting;

/// <summary>
/// Routes that exist only for the benchmark suite (<c>bench/run.sh</c>): <c>GET /bench/items-anonymous</c>, the same
/// handler as <c>GET /items</c> without authentication, so the cost of token validation can be measured. Mapped only
/// when <c>Resources:BenchmarkRoutes</c> is true; absent by default (and then refused by the fallback policy, 401).
/// </summary>
public static class BenchmarkRoutes
{
    public const string SettingKey = ResourcesOptions.SectionName + ":BenchmarkRoutes";
    public const string AnonymousItemsPath = "/bench/items-anonymous";

    public static WebApplication MapBenchmarkRoutes(this WebApplication app)
    {
        // Read from configuration, not the validated options: endpoints are mapped before ValidateOnStart runs. Only
        // "true" maps the routes; anything else (unset, empty, "false", a typo) leaves them out.
        if (bool.TryParse(app.Configuration[SettingKey], out var enabled) && enabled)
        {
            app.MapGet(AnonymousItemsPath, ItemsEndpoints.ListItemsAsync).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }
}
