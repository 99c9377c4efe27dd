using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityHost.Cors;

/// <summary>
/// Cross-origin access for browser-based clients (SPAs): the token, userinfo, revocation, discovery and JWKS endpoints
/// opt in with <see cref="RequireClientOriginsCors{TBuilder}"/>; nothing else (the authorization endpoint, the pages,
/// introspection, which only confidential clients may call) ever sends CORS headers, because no other endpoint
/// carries the policy.
/// </summary>
public static class ClientOriginsCors
{
    public const string PolicyName = "ClientOrigins";

    public static IServiceCollection AddClientOriginsCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<ClientOriginCache>();
        services.Replace(ServiceDescriptor.Transient<ICorsPolicyProvider, ClientOriginsCorsPolicyProvider>());
        return services;
    }

    public static TBuilder RequireClientOriginsCors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireCors(PolicyName);
}
