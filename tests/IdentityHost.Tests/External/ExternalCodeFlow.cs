using System.Net;
using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Infrastructure.StandIns;
using Microsoft.IdentityModel.Tokens;
using static IdentityHost.Tests.Infrastructure.CodeFlowClients;

namespace IdentityHost.Tests.External;

/// <summary>The authorization code flow of a confidential client (implicit consent), with the user signing in at the
/// login page through a provider — or with a password.</summary>
public static class ExternalCodeFlow
{
    public const string Client = "ext-web";
    public const string ClientSecret = "ext-web-secret";
    public const string Redirect = "https://ext.example/cb";
    public const string Nonce = "nonce-ext";

    public static string AuthorizeUrl(string scope) =>
        CodeFlowClients.AuthorizeUrl(("client_id", Client), ("redirect_uri", Redirect), ("response_type", "code"), ("scope", scope),
            ("state", "st-ext"), ("nonce", Nonce));

    /// <summary>Authorize → login page → provider → back to authorize → code → tokens.</summary>
    public static async Task<TokenResult> RunAsync(IdentityHostFactory host, HttpClient browser, ProviderStandIn provider, string account,
        string scope = "openid profile offline_access")
    {
        var toLogin = await browser.GetAsync(AuthorizeUrl(scope));
        Assert.Equal(HttpStatusCode.Found, toLogin.StatusCode);
        var signedIn = await ExternalFlow.SignInAsync(browser, provider, account, BrowserFlow.ReturnUrlOf(toLogin));
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.StartsWith("/connect/authorize?", signedIn.Headers.Location!.OriginalString);
        var toClient = await BrowserFlow.FollowAsync(browser, signedIn);
        return await ExchangeAsync(host, toClient);
    }

    /// <summary>The same flow, signing in with a password.</summary>
    public static async Task<TokenResult> RunWithPasswordAsync(IdentityHostFactory host, HttpClient browser, string username,
        string scope = "openid profile offline_access") =>
        await ExchangeAsync(host, await BrowserFlow.AuthorizeAsync(browser, AuthorizeUrl(scope), username));

    private static async Task<TokenResult> ExchangeAsync(IdentityHostFactory host, HttpResponseMessage toClient)
    {
        Assert.Equal(HttpStatusCode.Found, toClient.StatusCode);
        Assert.StartsWith(Redirect + "?", toClient.Headers.Location!.OriginalString);
        var code = RedirectParameters(toClient)["code"];
        var tokens = await host.CreateClient().PostTokenAsync(TokenRequests.Form(("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", Redirect), ("client_id", Client), ("client_secret", ClientSecret)));
        Assert.Equal(200, tokens.Status);
        return tokens;
    }

    /// <summary>The JSON payload of a JWT, as a client would read it.</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement.Clone();

    public static string? IdToken(TokenResult tokens) =>
        tokens.Body.TryGetProperty("id_token", out var idToken) ? idToken.GetString() : null;
}
