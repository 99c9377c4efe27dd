namespace IdentityHost.Tests.Cors;

/// <summary>Cross-origin requests as a browser sends them (Fetch Standard §3.2: CORS protocol).</summary>
public static class CorsRequests
{
    public const string AllowOrigin = "Access-Control-Allow-Origin";

    /// <summary>A CORS-preflight request: OPTIONS with Origin and Access-Control-Request-Method (and -Headers).</summary>
    public static Task<HttpResponseMessage> PreflightAsync(this HttpClient client, string path, string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null) request.Headers.Add("Access-Control-Request-Headers", headers);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetFromOriginAsync(this HttpClient client, string path, string origin, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return client.SendAsync(request);
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>Any CORS response header at all (Access-Control-*).</summary>
    public static bool HasCorsHeaders(this HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers).Any(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
}
