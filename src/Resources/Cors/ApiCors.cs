using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Resources.Configuration;

namespace Resources.Cors;

/// <summary>
/// Lets the browser apps named in <c>Resources:AllowedOrigins</c> call the API from their own origin. The API is
/// called with a bearer token in the Authorization header, never with cookies, so credentials are not allowed.
/// </summary>
internal static class ApiCors
{
    internal static IServiceCollection AddApiCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ResourcesOptions>>((cors, options) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. options.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
                .WithHeaders("Authorization", "Content-Type")
                // RFC 6750 §3: the reason a token was refused (invalid_token, insufficient_scope) is in this header.
                .WithExposedHeaders("WWW-Authenticate")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }
}
