using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OpenApi;

namespace IdentityHost.Admin;

/// <summary>The admin area: its pages (<c>/admin</c>), its API (<c>/admin/api</c>) and the audit log.</summary>
public static class AdminServices
{
    public static IServiceCollection AddIdentityHostAdmin(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<ClientAdministration>();
        services.AddScoped<AuthorizationAdministration>();

        // The pages: the browser session (Identity's cookie, not a bearer token) of a user in the admin role.
        services.AddAuthorizationBuilder().AddPolicy(AdminAccess.PagesPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(AdminAccess.Role));
        // PostConfigure: AddRazorPages' own setup replaces the conventions collection, whatever the registration order.
        services.PostConfigure<RazorPagesOptions>(options => options.Conventions.AuthorizeFolder(AdminAccess.PagesFolder, AdminAccess.PagesPolicy));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminPagesAuthorizationResultHandler>();

        services.Configure<OpenApiOptions>(AdminApiDocumentName, options =>
        {
            options.AddDocumentTransformer<AdminApiDocumentTransformer>();
            options.AddOperationTransformer<AdminApiDocumentTransformer>();
        });
        return services;
    }

    /// <summary>The document <c>AddOpenApi()</c> registers by default (<c>/openapi/v1.json</c>).</summary>
    private const string AdminApiDocumentName = "v1";
}
