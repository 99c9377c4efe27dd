using System.Text.Encodings.Web;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Endpoints.Authorize;

/// <summary>How the authorization endpoint answers: redirects to a validated redirect URI, or an error page here.</summary>
public static class AuthorizeResponses
{
    /// <summary>RFC 6749 §4.1.2 / §4.1.2.1 with RFC 9207's <c>iss</c>: parameters appended to the redirect URI's query.</summary>
    public static IResult RedirectToClient(string redirectUri, string issuer, string? state, params (string Name, string Value)[] parameters) =>
        new NoStoreRedirect(ClientRedirectUrl(redirectUri, issuer, state, parameters));

    public static IResult ErrorToClient(OAuthError error, string redirectUri, string issuer, string? state) =>
        new NoStoreRedirect(ErrorRedirectUrl(error, redirectUri, issuer, state));

    /// <summary>The location <see cref="RedirectToClient"/> sends the browser to, for callers (the consent page) that
    /// redirect by themselves.</summary>
    public static string ClientRedirectUrl(string redirectUri, string issuer, string? state, params (string Name, string Value)[] parameters)
    {
        var values = parameters.ToList();
        if (state is not null) values.Add((Parameters.State, state));
        values.Add((Parameters.Issuer, issuer));
        return QueryHelpers.AddQueryString(redirectUri, values.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));
    }

    /// <summary>The location <see cref="ErrorToClient"/> sends the browser to.</summary>
    public static string ErrorRedirectUrl(OAuthError error, string redirectUri, string issuer, string? state) =>
        ClientRedirectUrl(redirectUri, issuer, state, (Parameters.Error, error.Code), (Parameters.ErrorDescription, error.Description));

    /// <summary>An error about the client or redirect URI: shown here, never sent anywhere (RFC 6749 §4.1.2.1).</summary>
    public static IResult ErrorPage(OAuthError error) => new ErrorPageResult(error);

    private sealed class NoStoreRedirect(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            ProtocolResponses.PreventCaching(context.Response);
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private sealed class ErrorPageResult(OAuthError error) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var html = HtmlEncoder.Default;
            context.Response.StatusCode = error.StatusCode;
            ProtocolResponses.PreventCaching(context.Response);
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync($$"""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign-in error</title><link rel="stylesheet" href="/css/site.css"></head>
                <body><main class="card" role="main">
                <h1>This sign-in request cannot be completed</h1>
                <p>{{html.Encode(error.Description)}}</p>
                <p class="muted">Error code: <code>{{html.Encode(error.Code)}}</code>. Return to the application and try again;
                if this keeps happening, tell the application's developers.</p>
                </main></body></html>
                """, context.RequestAborted);
        }
    }
}
