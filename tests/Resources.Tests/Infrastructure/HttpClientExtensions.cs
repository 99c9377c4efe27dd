using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Resources.Tests.Infrastructure;

/// <summary>Requests with an optional bearer token (RFC 6750 §2.1: the Authorization header).</summary>
public static class HttpClientExtensions
{
    public static Task<HttpResponseMessage> SendWithTokenAsync(
        this HttpClient client, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetWithTokenAsync(this HttpClient client, string path, string? token) =>
        client.SendWithTokenAsync(HttpMethod.Get, path, token);

    public static Task<HttpResponseMessage> PostJsonWithTokenAsync<T>(this HttpClient client, string path, string? token, T body) =>
        client.SendWithTokenAsync(HttpMethod.Post, path, token, JsonContent.Create(body));

    public static Task<HttpResponseMessage> PostRawJsonWithTokenAsync(this HttpClient client, string path, string? token, string json) =>
        client.SendWithTokenAsync(HttpMethod.Post, path, token, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> DeleteWithTokenAsync(this HttpClient client, string path, string? token) =>
        client.SendWithTokenAsync(HttpMethod.Delete, path, token);

    /// <summary>The single <c>WWW-Authenticate</c> value as sent, or null.</summary>
    public static string? WwwAuthenticate(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("WWW-Authenticate", out var values) ? string.Join(", ", values) : null;
}
