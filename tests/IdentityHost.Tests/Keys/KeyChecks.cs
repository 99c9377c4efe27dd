using System.Net;
using System.Text.Json;
using IdentityHost.Keys;
using IdentityHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tests.Keys;

/// <summary>What the key tests do again and again: run an instance's lifecycle check, read the JWKS, get tokens.</summary>
public static class KeyChecks
{
    /// <summary>What the background service does every CheckInterval, run now (the test moves the clock instead).</summary>
    public static Task CheckKeysAsync(this IdentityHostFactory factory) =>
        factory.Services.GetRequiredService<SigningKeyLifecycle>().CheckAsync(CancellationToken.None);

    public static string Kid(string token) => new JsonWebToken(token).Kid;

    public static async Task<List<string>> PublishedKidsAsync(HttpClient client, string jwksUrl = "/.well-known/jwks") =>
        new JsonWebKeySet(await client.GetStringAsync(jwksUrl)).Keys.Select(k => k.Kid).Order(StringComparer.Ordinal).ToList();

    /// <summary>A password-grant access token for the Resources API (scope read:items).</summary>
    public static async Task<string> UserAccessTokenAsync(HttpClient client, string tokenUrl, string username)
    {
        var response = await client.PostAsync(tokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "public-app", ["username"] = username,
            ["password"] = IdentityHostFactory.Password, ["scope"] = "openid read:items",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }
}
