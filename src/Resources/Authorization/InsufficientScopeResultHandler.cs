using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Net.Http.Headers;
using Resources.Authentication;
using Resources.Logging;

namespace Resources.Authorization;

/// <summary>
/// Tells a client with a valid token which scope it lacks (RFC 6750 §3.1), so it can ask for that scope instead of
/// guessing; everything else is left to the framework's handler.
/// </summary>
internal sealed class InsufficientScopeResultHandler(ILogger<InsufficientScopeResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(
        RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure)
        {
            var missing = failure.FailedRequirements.OfType<ScopeRequirement>().Select(r => r.Scope).ToArray();
            if (missing.Length > 0)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] = BearerChallenge.InsufficientScope(missing);
                logger.InsufficientScope(
                    context.User.FindFirst(AccessTokenClaims.ClientId)?.Value,
                    context.User.FindFirst(AccessTokenClaims.Subject)?.Value,
                    string.Join(' ', missing),
                    context.Request.Method,
                    context.Request.Path);
            }
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
