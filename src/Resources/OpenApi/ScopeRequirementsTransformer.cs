using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Resources.Authorization;

namespace Resources.OpenApi;

/// <summary>
/// Puts on each operation the security requirement its authorization policies actually enforce: the scopes of
/// their <see cref="ScopeRequirement"/>s (none listed = any valid token). Read from the endpoint's metadata, so
/// the document cannot drift from the policies.
/// </summary>
internal sealed class ScopeRequirementsTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        // No [Authorize] data at all still means "authenticated": that is the fallback policy here.
        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>().ToArray())
            ?? await policies.GetFallbackPolicyAsync();
        if (policy is null)
        {
            return;
        }

        var scopes = policy.Requirements.OfType<ScopeRequirement>().Select(r => r.Scope).Distinct(StringComparer.Ordinal).ToList();
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(OAuthSecuritySchemeTransformer.SchemeName, context.Document)] = scopes,
        });
        // RFC 6750 §3.1: what a caller sees when the token is missing or lacks the scope.
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Missing or invalid access token" });
        if (scopes.Count > 0)
        {
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token lacks the scope " + string.Join(" ", scopes) });
        }
    }
}
