namespace IdentityHost.Hosting;

/// <summary>
/// Headers on every response. All: no MIME sniffing, no referrer (URLs here carry codes, state and hints), and
/// <c>Cache-Control: no-store</c> unless the endpoint chose its own caching (discovery, JWKS and the stylesheet are
/// public and cacheable; everything else carries sessions, tokens or user data — RFC 6749 §5.1, RFC 7662 §2.2).
/// What a browser renders or follows — HTML pages and redirects — is also never framed (clickjacking of the login
/// and consent buttons, RFC 9700 §4.16) and limited by a content security policy. HSTS is added outside Development
/// by <see cref="UseSecurityHeaders"/>.
/// </summary>
public static class SecurityHeaders
{
    // No inline script or style anywhere, so 'self' is all the pages need. No form-action: consent and logout
    // forms redirect on to the client's registered URI, which form-action would block.
    private const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>How long browsers may cache the pages' stylesheet.</summary>
    public const string StaticFileCacheControl = "public, max-age=3600";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // RFC 6797: browsers then refuse plain http to this host. Only on https requests (the middleware's own rule)
        // and not in Development, where the server runs on http://localhost.
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() => Apply(response));
            return next(context);
        });
        return app;
    }

    private static Task Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var isHtml = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        var isRedirect = response.StatusCode is >= 300 and < 400;
        if (isHtml || isRedirect)
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        else if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
        return Task.CompletedTask;
    }
}
