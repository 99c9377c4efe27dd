using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Resources.Configuration;

namespace Resources.OpenApi;

/// <summary>
/// Declares how to get a token for this API: OAuth 2.0 authorization code flow (RFC 6749 §4.1, with PKCE per
/// RFC 7636) at the configured authority, with the scopes the API understands.
/// </summary>
internal sealed class OAuthSecuritySchemeTransformer(IOptions<ResourcesOptions> options) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "oauth2";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // The authority is the issuer identifier, byte for byte, so endpoint URLs are appended to it as is.
        var authority = options.Value.Authority.TrimEnd('/');
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Sign in at IdentityHost (authorization code flow with PKCE, S256).",
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri(authority + "/connect/authorize"),
                    TokenUrl = new Uri(authority + "/connect/token"),
                    Scopes = new Dictionary<string, string>(ScopeDescriptions.All),
                },
            },
        };
        return Task.CompletedTask;
    }
}
