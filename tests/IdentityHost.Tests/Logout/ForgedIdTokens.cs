using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IdentityHost.Keys;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Logout;

/// <summary>Hints made from a real id_token: the same claims but not signed by the server, or signed by it but
/// changed in one respect that makes them something other than our id_token.</summary>
public static class ForgedIdTokens
{
    /// <summary>Same header (kid included) and payload, signed RS256 with a key the server never published.</summary>
    public static string SignedByAnotherKey(string idToken)
    {
        var parts = idToken.Split('.');
        using var rsa = RSA.Create(2048);
        var signingInput = parts[0] + "." + parts[1];
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + WebEncoders.Base64UrlEncode(signature);
    }

    /// <summary>RFC 7519 §6: an unsecured JWT (<c>alg: none</c>) with the same payload and no signature.</summary>
    public static string Unsigned(string idToken)
    {
        var header = JsonNode.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(idToken.Split('.')[0])))!.AsObject();
        header["alg"] = "none";
        return WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + idToken.Split('.')[1] + ".";
    }

    /// <summary>The id_token with one header or payload change, signed again with the server's own current key.</summary>
    public static string ResignedByServer(IServiceProvider services, string idToken, Action<JsonObject> change)
    {
        var parts = idToken.Split('.');
        var header = Decode(parts[0]);
        var payload = Decode(parts[1]);
        change(header);
        change(payload);
        var signingInput = Encode(header) + "." + Encode(payload);
        var credentials = services.GetRequiredService<SigningKeyManager>().Current.Credentials;
        var signer = credentials.Key.CryptoProviderFactory.CreateForSigning(credentials.Key, credentials.Algorithm);
        return signingInput + "." + WebEncoders.Base64UrlEncode(signer.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static JsonObject Decode(string part) => JsonNode.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(part)))!.AsObject();

    private static string Encode(JsonObject json) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
