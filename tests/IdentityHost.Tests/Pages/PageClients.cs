using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Tests.Pages;

/// <summary>
/// The clients the page and logout tests sign in to, registered at indexes of their own (30+), and the few steps
/// those tests repeat: build an authorization URL, run the browser flow, exchange the code for an id_token.
/// </summary>
public static class PageClients
{
    public const string App = "pages-app";
    public const string AppName = "Pages Test App";
    public const string AppRedirect = "https://pages.example/callback";
    public const string AppPostLogout = "https://pages.example/signed-out";
    public const string Other = "pages-other";
    public const string OtherRedirect = "https://other.example/callback";
    public const string OtherPostLogout = "https://other.example/bye";
    /// <summary>The configured description of <c>read:items</c>; <c>write:items</c> has none.</summary>
    public const string ReadItemsDescription = "Read your items";

    public static IdentityHostFactory WithPageClients(this IdentityHostFactory factory)
    {
        var s = factory.Settings;
        s["Scopes:0:Description"] = ReadItemsDescription;
        Add(s, 30, App, AppName, AppRedirect, AppPostLogout);
        Add(s, 31, Other, "Other App", OtherRedirect, OtherPostLogout);
        return factory;
    }

    private static void Add(Dictionary<string, string?> s, int index, string id, string name, string redirect, string postLogout)
    {
        IdentityHostFactory.AddClient(s, index, id, "public", null, ["authorization_code", "refresh_token"],
            ["openid", "profile", "email", "roles", "offline_access", "read:items", "write:items"]);
        s[$"Clients:{index}:DisplayName"] = name;
        s[$"Clients:{index}:RedirectUris:0"] = redirect;
        s[$"Clients:{index}:PostLogoutRedirectUris:0"] = postLogout;
        s[$"Clients:{index}:ConsentType"] = "explicit";
        s[$"Clients:{index}:RequirePkce"] = "true";
    }

    /// <summary>An authorization request of <see cref="App"/> with PKCE (verifier <paramref name="verifier"/>).</summary>
    public static string AuthorizeUrl(string scope = "openid profile", string state = "state-123", string? prompt = null,
        string verifier = DefaultVerifier, string client = App, string redirectUri = AppRedirect) =>
        CodeFlowClients.AuthorizeUrl(("client_id", client), ("redirect_uri", redirectUri), ("response_type", "code"), ("scope", scope),
            ("state", state), ("code_challenge", CodeFlowClients.Challenge(verifier)), ("code_challenge_method", "S256"), ("prompt", prompt));

    /// <summary>The code verifier of RFC 7636 Appendix B.</summary>
    public const string DefaultVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    /// <summary>Signs in through the pages, consents, exchanges the code: the id_token a real client would hold.</summary>
    public static async Task<string> SignInForIdTokenAsync(HttpClient browser, string username, string client = App, string redirectUri = AppRedirect)
    {
        var toClient = await BrowserFlow.AuthorizeAsync(browser, AuthorizeUrl(scope: "openid profile", client: client, redirectUri: redirectUri), username);
        var code = QueryOf(toClient)["code"];
        var token = await browser.PostAsync(TokenRequests.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = client, ["code"] = code,
            ["redirect_uri"] = redirectUri, ["code_verifier"] = DefaultVerifier,
        }));
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id_token").GetString()!;
    }

    /// <summary>Whether the browser has a session: <c>/account</c> answers 200 to a signed-in user, else redirects.</summary>
    public static async Task<bool> IsSignedInAsync(HttpClient browser) =>
        (await browser.GetAsync("/account")).StatusCode == System.Net.HttpStatusCode.OK;

    /// <summary>The query of a redirect's Location, for local and absolute locations alike.</summary>
    public static Dictionary<string, string> QueryOf(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"no Location (status {(int)redirect.StatusCode})");
        var query = location.Contains('?') ? location[location.IndexOf('?')..] : "";
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public static string PathOf(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"no Location (status {(int)redirect.StatusCode})");
        return location.Contains('?') ? location[..location.IndexOf('?')] : location;
    }

    public static string QueryString(params (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString("", parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
}
