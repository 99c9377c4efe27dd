using IdentityHost.Configuration;

namespace IdentityHost.Hosting;

/// <summary>
/// Routes that exist only for the benchmark suite (<c>bench/run.sh</c>): <c>GET /bench/hello</c>, the host's
/// hello-world baseline. Mapped only when <c>IdentityHost:BenchmarkRoutes</c> is true; absent (404) by default.
/// </summary>
public static class BenchmarkRoutes
{
    public const string SettingKey = IdentityHostOptions.Section + ":BenchmarkRoutes";
    public const string HelloPath = "/bench/hello";

    public static WebApplication MapBenchmarkRoutes(this WebApplication app)
    {
        // Read from configuration, not the validated options: endpoints are mapped before ValidateOnStart runs. Only
        // "true" maps the routes; anything else (unset, empty, "false", a typo) leaves them out.
        if (bool.TryParse(app.Configuration[SettingKey], out var enabled) && enabled)
        {
            app.MapGet(HelloPath, () => Results.Text("Hello World!", "text/plain")).ExcludeFromDescription();
        }
        return app;
    }
}
