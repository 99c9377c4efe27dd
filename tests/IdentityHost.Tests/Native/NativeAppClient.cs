using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Native;

/// <summary>
/// The <c>native-app</c> client as the root appsettings.json registers it: public, PKCE, a loopback redirect for
/// desktop apps (RFC 8252 §7.3) and a private-use-scheme redirect for mobile apps (RFC 8252 §7.1).
/// </summary>
public static class NativeAppClient
{
    public const string ClientId = "native-app";
    public const string LoopbackRedirect = "http://127.0.0.1/callback";
    public const string PrivateUseRedirect = "com.example.app:/callback";

    /// <summary>Registers the client at an index that no other test registration uses.</summary>
    public static IdentityHostFactory WithNativeAppClient(this IdentityHostFactory factory)
    {
        const int index = 30;
        var settings = factory.Settings;
        IdentityHostFactory.AddClient(settings, index, ClientId, "public", null, ["authorization_code", "refresh_token"],
            ["openid", "profile", "offline_access", "read:items"]);
        settings[$"Clients:{index}:RedirectUris:0"] = LoopbackRedirect;
        settings[$"Clients:{index}:RedirectUris:1"] = PrivateUseRedirect;
        settings[$"Clients:{index}:ConsentType"] = "explicit";
        settings[$"Clients:{index}:RequirePkce"] = "true";
        return factory;
    }
}
