namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The configuration of each host in the browser tests: what a user would put in appsettings.json, with the
/// sample clients' redirect URIs on the ports the tests chose.
/// </summary>
public static class StackSettings
{
    public const string SpaClientId = "spa";
    public const string SwaggerClientId = "swagger";

    public static Dictionary<string, string?> IdentityHost(string issuer, string api, string spa, string directory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Identity"] = $"Data Source={Path.Combine(directory, "identity.db")}",
            ["IdentityHost:Issuer"] = issuer,
            ["IdentityHost:DataProtection:KeysDirectory"] = Path.Combine(directory, "dp-keys"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        string[] apiScopes = ["read:items", "write:items", "admin"];
        for (var i = 0; i < apiScopes.Length; i++)
        {
            settings[$"Scopes:{i}:Name"] = apiScopes[i];
            settings[$"Scopes:{i}:Resources:0"] = "resources";
        }

        AddPublicCodeClient(settings, 0, SpaClientId, $"{spa}/callback.html", ["authorization_code", "refresh_token"],
            ["openid", "profile", "email", "offline_access", "read:items", "write:items"]);
        settings["Clients:0:PostLogoutRedirectUris:0"] = $"{spa}/";
        AddPublicCodeClient(settings, 1, SwaggerClientId, $"{api}/swagger/oauth2-redirect.html", ["authorization_code"],
            ["openid", "read:items", "write:items", "admin"]);
        return settings;
    }

    public static Dictionary<string, string?> Resources(string issuer, string spa, string directory) => new()
    {
        ["Resources:Authority"] = issuer,
        ["Resources:AllowedOrigins:0"] = spa,
        ["Resources:Audience"] = "resources",
        ["ConnectionStrings:Resources"] = $"Data Source={Path.Combine(directory, "resources.db")}",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static Dictionary<string, string?> Spa(string issuer, string api) => new()
    {
        ["Spa:Authority"] = issuer,
        ["Spa:ApiBaseUrl"] = api,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static void AddPublicCodeClient(Dictionary<string, string?> settings, int index, string clientId, string redirectUri, string[] grants, string[] scopes)
    {
        var prefix = $"Clients:{index}:";
        settings[prefix + "ClientId"] = clientId;
        settings[prefix + "Type"] = "public";
        settings[prefix + "RedirectUris:0"] = redirectUri;
        settings[prefix + "ConsentType"] = "explicit";
        settings[prefix + "RequirePkce"] = "true";
        for (var i = 0; i < grants.Length; i++) settings[$"{prefix}GrantTypes:{i}"] = grants[i];
        for (var i = 0; i < scopes.Length; i++) settings[$"{prefix}Scopes:{i}"] = scopes[i];
    }
}
