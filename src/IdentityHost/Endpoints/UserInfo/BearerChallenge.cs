using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Diagnostics;

namespace IdentityHost.Endpoints.UserInfo;

/// <summary>The error responses of a bearer-protected endpoint (RFC 6750 §3, OIDC Core §5.3.3).</summary>
public static class BearerChallenge
{
    private const string Scheme = "Bearer";

    public static OAuthError InvalidToken(string description) => new(Errors.InvalidToken, description, StatusCodes.Status401Unauthorized);

    public static OAuthError InsufficientScope(string description) => new(Errors.InsufficientScope, description, StatusCodes.Status403Forbidden);

    /// <summary>
    /// RFC 6750 §3.1: a request with no authentication information gets a bare challenge — no error code, no other
    /// error information — and an empty body.
    /// </summary>
    public static Task WriteMissingTokenAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = Scheme;
        ProtocolResponses.PreventCaching(response);
        // Keep the status-code-pages middleware from writing a body of its own.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// RFC 6750 §3: the error in the <c>WWW-Authenticate</c> challenge (with <paramref name="scope"/>, the scope the
    /// resource needs), and the same error as RFC 6749 §5.2 JSON in the body for clients that read that instead.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, OAuthError error, string? scope = null)
    {
        var challenge = $"{Scheme} error=\"{Quotable(error.Code)}\", error_description=\"{Quotable(error.Description)}\"";
        if (scope is not null)
        {
            challenge += $", scope=\"{Quotable(scope)}\"";
        }
        context.Response.Headers.WWWAuthenticate = challenge;
        return ProtocolResponses.WriteErrorAsync(context, error);
    }

    /// <summary>RFC 6750 §3: these attribute values may not contain <c>"</c>, <c>\</c> or control characters; any such
    /// character is replaced rather than escaped, so no input can break the header.</summary>
    private static string Quotable(string value) =>
        string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?';
            }
        });
}
