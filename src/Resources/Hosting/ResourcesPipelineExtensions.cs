using Resources.Items;
using Resources.Me;
using Resources.OpenApi;

namespace Resources.Hosting;

/// <summary>Builds the request pipeline and maps the endpoints of the resource API.</summary>
public static class ResourcesPipelineExtensions
{
    public const string HealthPath = "/healthz";

    public static WebApplication MapResources(this WebApplication app)
    {
        app.UseSecurityHeaders();

        // Errors answer as RFC 9457 problem details: unhandled exceptions (500, no internals) and the empty
        // 400/404/415 responses the framework produces itself, e.g. for a body that is not valid JSON.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseSwaggerUi();
        // Before authentication: a preflight request carries no token and must not be refused for lacking one.
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks(HealthPath).AllowAnonymous();
        ItemsEndpoints.Map(app);
        MeEndpoint.Map(app);
        app.MapApiDocument();
        app.MapBenchmarkRoutes();

        return app;
    }
}
