namespace Resources.Hosting;

/// <summary>
/// Headers on every response of the API, errors included: no MIME sniffing (a JSON body is never run as script or
/// rendered as HTML), no referrer (request URLs may carry ids), and <c>Cache-Control: no-store</c> unless the
/// response chose its own caching — the API's answers carry user data or depend on the caller's token, and a shared
/// cache must not keep them for the next caller (RFC 9111 §5.2.2.5).
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>First in the pipeline, so responses written by later middleware (errors, challenges) get them too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
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
        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
        return Task.CompletedTask;
    }
}
