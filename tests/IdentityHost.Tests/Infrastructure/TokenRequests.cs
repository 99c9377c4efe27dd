using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IdentityHost.Tests.Infrastructure;

/// <summary>A token endpoint response: status, headers and parsed JSON body.</summary>
public sealed record TokenResult(HttpResponseMessage Response, JsonElement Body)
{
    public int Status => (int)Response.StatusCode;
    public string? Error => Body.TryGetProperty("error", out var e) ? e.GetString() : null;
    public string? AccessToken => Body.TryGetProperty("access_token", out var t) ? t.GetString() : null;
    public string? RefreshToken => Body.TryGetProperty("refresh_token", out var t) ? t.GetString() : null;
    public string? Scope => Body.TryGetProperty("scope", out var s) ? s.GetString() : null;
}

public static class TokenRequests
{
    public const string TokenPath = "/connect/token";

    public static async Task<TokenResult> PostTokenAsync(this HttpClient client, IEnumerable<(string Name, string Value)> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        if (basic is { } credentials)
        {
            // RFC 6749 §2.3.1 / Appendix B: id and secret are form-url-encoded before Base64.
            var raw = $"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        return await SendTokenRequestAsync(client, request);
    }

    public static async Task<TokenResult> SendTokenRequestAsync(this HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new TokenResult(response, body);
    }

    public static Task<TokenResult> PasswordAsync(this HttpClient client, string username, string password = IdentityHostFactory.Password,
        string clientId = "public-app", string? scope = "read:items offline_access") =>
        client.PostTokenAsync(Form(("grant_type", "password"), ("client_id", clientId), ("username", username), ("password", password), ("scope", scope)));

    public static Task<TokenResult> RefreshAsync(this HttpClient client, string refreshToken, string clientId = "public-app", string? scope = null) =>
        client.PostTokenAsync(Form(("grant_type", "refresh_token"), ("client_id", clientId), ("refresh_token", refreshToken), ("scope", scope)));

    /// <summary>Drops parameters whose value is null, so callers can write optional ones inline.</summary>
    public static IEnumerable<(string, string)> Form(params (string Name, string? Value)[] parameters) =>
        parameters.Where(p => p.Value is not null).Select(p => (p.Name, p.Value!));
}
