using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace IdentityHost.Admin;

/// <summary>
/// Answers a signed-in user who is not an admin with a 403 page on the admin pages. The cookie handler's own answer
/// to "forbidden" would be a redirect to an access-denied path; anonymous users are still challenged as usual (a
/// redirect to the login page).
/// </summary>
public sealed class AdminPagesAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The view rendered; an absolute path, so it is found outside any page's view locations.</summary>
    public const string AccessDeniedView = "/Pages/Shared/AdminAccessDenied.cshtml";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && IsAdminPage(context))
        {
            var view = new ViewResult { ViewName = AccessDeniedView, StatusCode = StatusCodes.Status403Forbidden };
            await view.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static bool IsAdminPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AdminAccess.PagesPolicy) == true;
}
