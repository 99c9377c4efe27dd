using IdentityHost.Endpoints.Authorize;
using IdentityHost.Endpoints.Discovery;
using IdentityHost.Endpoints.Token;

namespace IdentityHost.Hosting;

public static class IdentityHostEndpoints
{
    public static WebApplication MapIdentityHost(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseAuthentication();

        app.Map(AuthorizeEndpoint.Path, AuthorizeEndpoint.HandleAsync);
        // Every method reaches the token endpoint so a wrong one is answered 405 in the protocol's JSON.
        app.Map(TokenEndpoint.Path, TokenEndpoint.HandleAsync);
        app.MapGet(DiscoveryEndpoints.ConfigurationPath, DiscoveryEndpoints.Configuration);
        app.MapGet(DiscoveryEndpoints.JwksPath, DiscoveryEndpoints.Jwks);
        app.MapHealthChecks("/healthz");
        return app;
    }
}
