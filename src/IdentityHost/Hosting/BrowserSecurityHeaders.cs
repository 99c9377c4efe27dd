namespace IdentityHost.Hosting;

/// <summary>
/// Headers for everything a browser renders or follows here — HTML pages (login, consent, logout, the authorization
/// error page) and redirects: never cached (they carry sessions, codes and state), never framed (clickjacking of
/// the login and consent buttons, RFC 9700 §4.16), no referrer leaking the query, no MIME sniffing. JSON endpoints
/// and static files keep their own caching.
/// </summary>
public static class BrowserSecurityHeaders
{
    // No inline script or style anywhere, so 'self' is all the pages need. No form-action: consent and logout
    // forms redirect on to the client's registered URI, which form-action would block.
    private const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseBrowserSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var isHtml = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            var isRedirect = response.StatusCode is >= 300 and < 400;
            if (isHtml || isRedirect)
            {
                var headers = response.Headers;
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
                headers.XContentTypeOptions = "nosniff";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
