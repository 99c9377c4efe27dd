using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using Microsoft.Net.Http.Headers;

namespace IdentityHost.Endpoints.UserInfo;

/// <summary>
/// Finds the bearer token of a request (RFC 6750 §2): in the <c>Authorization</c> header (§2.1), or, for a POST,
/// as the <c>access_token</c> form parameter (§2.2). Never from the query string (§2.3): URIs end up in logs and
/// Referer headers. A request that uses more than one method is malformed (§2).
/// </summary>
public static class BearerTokenReader
{
    private const string Scheme = "Bearer";

    /// <returns>The token, or null when the request carries none; an <c>invalid_request</c> error when malformed.</returns>
    public static async Task<(string? Token, OAuthError? Error)> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var (fromHeader, headerError) = ReadHeader(request);
        if (headerError is not null)
        {
            return (null, headerError);
        }

        string? fromBody = null;
        if (HttpMethods.IsPost(request.Method) && IsFormUrlEncoded(request))
        {
            var (form, formError) = await FormRequestReader.ReadAsync(request, maxBodyBytes, cancellationToken, rejectDuplicates: false);
            if (formError is not null)
            {
                return (null, formError);
            }
            if (form!.IsDuplicated(Parameters.AccessToken))
            {
                return (null, OAuthError.InvalidRequest("The access_token parameter is included more than once."));
            }
            fromBody = form[Parameters.AccessToken];
        }

        if (fromHeader is not null && fromBody is not null)
        {
            return (null, OAuthError.InvalidRequest("The access token must be sent in the Authorization header or the request body, not both."));
        }
        return (fromHeader ?? fromBody, null);
    }

    /// <summary>RFC 6750 §2.1: <c>credentials = "Bearer" 1*SP b64token</c>; the scheme is case-insensitive
    /// (RFC 9110 §11.1). Another scheme carries no bearer token.</summary>
    private static (string? Token, OAuthError? Error) ReadHeader(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count == 0)
        {
            return (null, null);
        }
        if (values.Count > 1)
        {
            return (null, OAuthError.InvalidRequest("The request has more than one Authorization header."));
        }

        var value = values[0] ?? "";
        if (value.Length <= Scheme.Length || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value[Scheme.Length] != ' ')
        {
            return (null, null);
        }
        var token = value[Scheme.Length..].TrimStart(' ');
        return IsB64Token(token)
            ? (token, null)
            : (null, OAuthError.InvalidRequest("The Authorization header is not a well-formed Bearer credential."));
    }

    /// <summary>RFC 6750 §2.1: <c>b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="</c>.</summary>
    private static bool IsB64Token(string token)
    {
        var end = token.Length;
        while (end > 0 && token[end - 1] == '=') end--;
        if (end == 0) return false;
        for (var i = 0; i < end; i++)
        {
            var c = token[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/')) return false;
        }
        return true;
    }

    private static bool IsFormUrlEncoded(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
        && contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
