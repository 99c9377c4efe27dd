using System.Text.Json;
using IdentityHost.Protocol;

namespace IdentityHost.Endpoints.Shared;

/// <summary>Writes protocol JSON responses: never cached (RFC 6749 §5.1), errors as RFC 6749 §5.2.</summary>
public static class ProtocolResponses
{
    public static void PreventCaching(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    public static Task WriteJsonAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> writeMembers)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        PreventCaching(response);
        response.ContentType = "application/json;charset=UTF-8";

        using var stream = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        response.ContentLength = stream.Length;
        return response.Body.WriteAsync(stream.GetBuffer(), 0, (int)stream.Length, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, OAuthError error)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }
        else if (error.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        return WriteJsonAsync(context, error.StatusCode, writer =>
        {
            writer.WriteString(Parameters.Error, error.Code);
            writer.WriteString(Parameters.ErrorDescription, error.Description);
        });
    }

    /// <summary>RFC 9110 §10.2.3: <c>Retry-After</c> as a whole number of seconds, rounded up.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        ((long)Math.Ceiling(Math.Max(retryAfter.TotalSeconds, 1))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Answers a wrong HTTP method with 405 and an <c>Allow</c> header, still as protocol JSON.</summary>
    public static Task WriteMethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteJsonAsync(context, StatusCodes.Status405MethodNotAllowed, writer =>
        {
            writer.WriteString(Parameters.Error, Errors.InvalidRequest);
            writer.WriteString(Parameters.ErrorDescription, $"This endpoint accepts only {allow}.");
        });
    }
}
