using System.Net.Http.Headers;
using System.Text.Json;

namespace IdentityHost.Tests.UserInfo;

/// <summary>A userinfo response: status, the parsed <c>WWW-Authenticate</c> Bearer challenge, and the JSON body.</summary>
public sealed record UserInfoResult(HttpResponseMessage Response, JsonElement Body)
{
    public int Status => (int)Response.StatusCode;

    /// <summary>The raw <c>WWW-Authenticate</c> value, or null.</summary>
    public string? Challenge => Response.Headers.WwwAuthenticate.Count == 0 ? null : Response.Headers.WwwAuthenticate.ToString();

    /// <summary>The auth-params of the Bearer challenge (RFC 6750 §3), e.g. <c>error</c>, <c>scope</c>.</summary>
    public IReadOnlyDictionary<string, string> ChallengeParameters => ParseChallenge(Response.Headers.WwwAuthenticate.Single());

    public string? ChallengeError => ChallengeParameters.GetValueOrDefault("error");

    public string? Claim(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) ? v.ToString() : null;

    public bool HasClaim(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out _);

    /// <summary>RFC 6750 §3: <c>Bearer</c> then comma-separated <c>name="value"</c> pairs (values have no quotes or
    /// backslashes, so splitting on quotes is exact).</summary>
    private static Dictionary<string, string> ParseChallenge(AuthenticationHeaderValue challenge)
    {
        Assert.Equal("Bearer", challenge.Scheme);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = challenge.Parameter ?? "";
        while (rest.Length > 0)
        {
            var eq = rest.IndexOf("=\"", StringComparison.Ordinal);
            var close = rest.IndexOf('"', eq + 2);
            parameters.Add(rest[..eq].Trim(' ', ','), rest[(eq + 2)..close]);
            rest = rest[(close + 1)..].TrimStart(',', ' ');
        }
        return parameters;
    }
}

public static class UserInfoRequests
{
    public const string Path = "/connect/userinfo";

    public static Task<UserInfoResult> GetUserInfoAsync(this HttpClient client, string? token) =>
        client.SendUserInfoAsync(HttpMethod.Get, token);

    /// <summary>A userinfo request with the token (if any) in the Authorization header (RFC 6750 §2.1) and, for
    /// <paramref name="bodyToken"/>, a form body (§2.2).</summary>
    public static async Task<UserInfoResult> SendUserInfoAsync(this HttpClient client, HttpMethod method, string? headerToken,
        string? bodyToken = null, string path = Path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (headerToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", headerToken);
        if (bodyToken is not null) request.Content = new FormUrlEncodedContent([new("access_token", bodyToken)]);
        return await ReadAsync(await client.SendAsync(request));
    }

    public static async Task<UserInfoResult> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new UserInfoResult(response, body);
    }
}
