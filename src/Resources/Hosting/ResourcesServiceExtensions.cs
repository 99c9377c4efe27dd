using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resources.Authentication;
using Resources.Authorization;
using Resources.Configuration;
using Resources.Cors;
using Resources.Items;
using Resources.OpenApi;

namespace Resources.Hosting;

/// <summary>Registers the services of the resource API.</summary>
public static class ResourcesServiceExtensions
{
    public static WebApplicationBuilder AddResources(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<ResourcesOptions>()
            .BindConfiguration(ResourcesOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResourcesOptions>, ResourcesOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddProblemDetails();
        // A body that is not valid JSON is the client's mistake: answer 400 (rendered as problem details by the
        // status-code pages) in every environment, rather than throwing in Development.
        services.PostConfigure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);

        services.AddItemsStore();
        services.AddHealthChecks().AddDbContextCheck<ItemsDbContext>(
            customTestQuery: async (db, cancellationToken) =>
            {
                // Querying the Items table (empty or not) proves the file opens and the schema is there.
                _ = await db.Items.AnyAsync(cancellationToken);
                return true;
            });

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearerOptions>();
        services.AddSingleton<ValidatedTokenCache>();
        // Resources:TokenValidation = introspection (README: Introspection and revocation).
        services.AddSingleton<IntrospectionCache>();
        services.AddHttpClient<TokenIntrospection>(http => http.Timeout = TokenIntrospection.Timeout);
        services.AddScoped<IntrospectionBearerEvents>();

        services.AddAuthorization(options =>
        {
            options.AddScopePolicies();
            // Secure by default: an endpoint added without a policy still needs a valid token.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, InsufficientScopeResultHandler>();

        services.AddApiCors();
        services.AddApiDocumentation();

        return builder;
    }
}
