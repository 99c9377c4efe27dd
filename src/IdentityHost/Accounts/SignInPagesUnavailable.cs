using IdentityHost.Accounts.ExternalSignIn;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Diagnostics;

namespace IdentityHost.Accounts;

/// <summary>
/// The sign-in pages (<c>/account/…</c> and the GitHub/Google callbacks) when the store is unavailable (unreachable, or
/// locked past its timeout: <see cref="StoreUnavailable"/>): <c>503</c> with <c>Retry-After</c> and a short page saying
/// sign-in is temporarily unavailable, instead of the generic error answer. Nothing of the failure is shown; it is
/// logged. One handler for every page, called by the exception handler middleware, so no page catches store errors
/// itself. The protocol endpoints answer the same failure in their own format (<see cref="ProtocolPost"/>).
/// </summary>
public sealed class SignInPagesUnavailable(ILogger<SignInPagesUnavailable> logger) : IExceptionHandler
{
    /// <summary>RFC 9110 §15.6.4: how long a browser user is asked to wait.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public const string Message = "Sign-in is temporarily unavailable. Please try again in a moment.";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreUnavailable.Is(exception) || !IsSignInPage(context.Request.Path))
        {
            return false;
        }
        AccountLog.StoreUnavailable(logger, context.Request.Path, exception);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = ProtocolResponses.RetryAfterSeconds(RetryAfter);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign-in unavailable</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="card" role="main">
            <h1>Sign-in is temporarily unavailable</h1>
            <p class="alert" role="alert">{{Message}}</p>
            </main></body></html>
            """, cancellationToken);
        return true;
    }

    private static bool IsSignInPage(PathString path) =>
        path.StartsWithSegments(AccountPaths.Home, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ExternalProviders.GitHubCallbackPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ExternalProviders.GoogleCallbackPath, StringComparison.OrdinalIgnoreCase);
}
