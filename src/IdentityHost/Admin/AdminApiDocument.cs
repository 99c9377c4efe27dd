using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IdentityHost.Admin;

/// <summary>
/// Describes the admin API in IdentityHost's OpenAPI document: a bearer security scheme (this server's own JWT
/// access tokens) required, with the <c>admin</c> scope, by every operation tagged "Admin".
/// </summary>
internal sealed class AdminApiDocumentTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"An access token from this server granted the '{AdminAccess.Scope}' scope, for a user with the " +
                          $"'{AdminAccess.Role}' role (RFC 6750: 401 invalid_token, 403 insufficient_scope).",
        };
        // The tag exists already (from the endpoints' metadata); give it a description.
        document.Tags ??= new HashSet<OpenApiTag>();
        var tag = document.Tags.FirstOrDefault(t => t.Name == AdminApiEndpoints.Tag);
        if (tag is null)
        {
            document.Tags.Add(tag = new OpenApiTag { Name = AdminApiEndpoints.Tag });
        }
        tag.Description = "Manage users, clients and authorizations, and read the audit log (as the /admin pages do).";
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminApiMetadata>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [AdminAccess.Scope],
            });
        }
        return Task.CompletedTask;
    }
}
