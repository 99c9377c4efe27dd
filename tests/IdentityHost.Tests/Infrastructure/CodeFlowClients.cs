using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Tests.Infrastructure;

/// <summary>Clients of the authorization code flow, added to a factory's settings, and PKCE helpers.</summary>
public static class CodeFlowClients
{
    public const string Spa = "spa-test";
    public const string SpaRedirect = "https://app.example/callback";
    public const string SpaLoopbackRedirect = "http://127.0.0.1/callback";
    public const string SpaPostLogoutRedirect = "https://app.example/";
    public const string Web = "web-test";
    public const string WebSecret = "web-secret-value";
    public const string WebRedirect = "https://web.example/signin-oidc";
    public const string WebPkce = "web-pkce-test";
    public const string WebPkceRedirect = "https://web2.example/cb";
    public const string NoCodeGrant = "no-code-test";
    public const string NoCodeGrantRedirect = "https://nocode.example/cb";

    /// <summary>Registers the clients at high indexes so they never collide with the factory's defaults.</summary>
    public static IdentityHostFactory WithCodeFlowClients(this IdentityHostFactory factory)
    {
        var s = factory.Settings;
        IdentityHostFactory.AddClient(s, 20, Spa, "public", null, ["authorization_code", "refresh_token"],
            ["openid", "profile", "email", "roles", "offline_access", "read:items"]);
        s["Clients:20:RedirectUris:0"] = SpaRedirect;
        s["Clients:20:RedirectUris:1"] = SpaLoopbackRedirect;
        s["Clients:20:PostLogoutRedirectUris:0"] = SpaPostLogoutRedirect;
        s["Clients:20:ConsentType"] = "explicit";
        s["Clients:20:RequirePkce"] = "true";

        IdentityHostFactory.AddClient(s, 21, Web, "confidential", WebSecret, ["authorization_code", "refresh_token"],
            ["openid", "profile", "email", "offline_access", "read:items"]);
        s["Clients:21:RedirectUris:0"] = WebRedirect;
        s["Clients:21:ConsentType"] = "implicit";

        IdentityHostFactory.AddClient(s, 22, WebPkce, "confidential", WebSecret, ["authorization_code"], ["openid", "read:items"]);
        s["Clients:22:RedirectUris:0"] = WebPkceRedirect;
        s["Clients:22:ConsentType"] = "implicit";
        s["Clients:22:RequirePkce"] = "true";

        IdentityHostFactory.AddClient(s, 23, NoCodeGrant, "public", null, ["password"], ["openid"]);
        s["Clients:23:RedirectUris:0"] = NoCodeGrantRedirect;
        return factory;
    }

    public static string NewVerifier() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>RFC 7636 §4.2: S256 challenge of a verifier.</summary>
    public static string Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>An authorization URL; parameters whose value is null are left out.</summary>
    public static string AuthorizeUrl(params (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString("/connect/authorize",
            parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    /// <summary>The parameters of a redirect's Location (query only: this server never uses the fragment).</summary>
    public static Dictionary<string, string> RedirectParameters(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"no Location header (status {(int)response.StatusCode})");
        var query = location.IsAbsoluteUri ? location.Query : location.OriginalString[location.OriginalString.IndexOf('?')..];
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }
}
