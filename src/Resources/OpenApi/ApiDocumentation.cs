using Resources.Authorization;

namespace Resources.OpenApi;

/// <summary>
/// The OpenAPI document of this API (Microsoft.AspNetCore.OpenApi) and Swagger UI on top of it, whose "Authorize"
/// button signs in at IdentityHost with the authorization code flow and PKCE as the public client
/// <see cref="SwaggerClientId"/>.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";
    public const string SwaggerUiPrefix = "swagger";

    /// <summary>The client Swagger UI signs in as; registered in <c>Clients</c> with the redirect URI below.</summary>
    public const string SwaggerClientId = "swagger";

    /// <summary>Where Swagger UI receives the authorization response; must be a registered redirect URI.</summary>
    public const string SwaggerRedirectPath = "/" + SwaggerUiPrefix + "/oauth2-redirect.html";

    internal static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<OAuthSecuritySchemeTransformer>();
            options.AddOperationTransformer<ScopeRequirementsTransformer>();
        });
        return services;
    }

    /// <summary>
    /// Swagger UI is middleware, not an endpoint: it must run before authorization, whose fallback policy (a valid
    /// token everywhere) would otherwise refuse the page itself. The document is an endpoint, opened explicitly.
    /// </summary>
    internal static WebApplication UseSwaggerUi(this WebApplication app)
    {
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = SwaggerUiPrefix;
            options.DocumentTitle = "Resources API";
            options.SwaggerEndpoint(DocumentPath, "Resources API " + DocumentName);
            options.OAuthClientId(SwaggerClientId);
            options.OAuthAppName("Resources API explorer");
            // RFC 7636: a public client in a browser has no secret, so the code is bound to a PKCE verifier.
            options.OAuthUsePkce();
            options.OAuthScopes(Scopes.ReadItems);
            // Swagger UI marks its token request with X-Requested-With, a header the token endpoint has no use for.
            // Sent cross-origin, it would need IdentityHost's CORS policy to allow it, and that policy allows only
            // what the protocol uses (Authorization, Content-Type); so the header is dropped before the request.
            options.Interceptors.RequestInterceptorFunction =
                "function (request) { delete request.headers['X-Requested-With']; return request; }";
        });
        return app;
    }

    internal static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app;
    }
}
