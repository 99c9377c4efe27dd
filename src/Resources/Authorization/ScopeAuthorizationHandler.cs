using Microsoft.AspNetCore.Authorization;

namespace Resources.Authorization;

/// <summary>Succeeds a <see cref="ScopeRequirement"/> when the caller's access token grants that scope.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && GrantedScopes.Includes(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
