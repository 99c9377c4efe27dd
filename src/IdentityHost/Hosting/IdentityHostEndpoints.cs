using IdentityHost.Admin;
using IdentityHost.Cors;
using IdentityHost.Endpoints.Authorize;
using IdentityHost.Endpoints.Discovery;
using IdentityHost.Endpoints.EndSession;
using IdentityHost.Endpoints.Introspection;
using IdentityHost.Endpoints.Revocation;
using IdentityHost.Endpoints.Token;
using IdentityHost.Endpoints.UserInfo;

namespace IdentityHost.Hosting;

public static class IdentityHostEndpoints
{
    public static WebApplication MapIdentityHost(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = SecurityHeaders.StaticFileCacheControl,
        });

        // Only endpoints that opt in with RequireClientOriginsCors answer cross-origin requests (and preflights).
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.Map(AuthorizeEndpoint.Path, AuthorizeEndpoint.HandleAsync);
        app.MapMethods(EndSessionEndpoint.Path, [HttpMethods.Get, HttpMethods.Post], EndSessionEndpoint.HandleAsync);
        app.MapRazorPages();
        // Every method reaches the token endpoint so a wrong one is answered 405 in the protocol's JSON.
        app.Map(TokenEndpoint.Path, TokenEndpoint.HandleAsync).RequireClientOriginsCors();
        app.Map(UserInfoEndpoint.Path, UserInfoEndpoint.HandleAsync).RequireClientOriginsCors();
        // Revocation serves browser apps too (a SPA revoking at sign-out); introspection is for confidential clients only.
        app.Map(RevocationEndpoint.Path, RevocationEndpoint.HandleAsync).RequireClientOriginsCors();
        app.Map(IntrospectionEndpoint.Path, IntrospectionEndpoint.HandleAsync);
        app.MapGet(DiscoveryEndpoints.ConfigurationPath, DiscoveryEndpoints.Configuration).RequireClientOriginsCors();
        app.MapGet(DiscoveryEndpoints.JwksPath, DiscoveryEndpoints.Jwks).RequireClientOriginsCors();
        app.MapAdminApi();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        app.MapBenchmarkRoutes();
        return app;
    }
}
