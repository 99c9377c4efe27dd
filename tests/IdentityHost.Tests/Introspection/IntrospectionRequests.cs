using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Introspection;

/// <summary>An introspection or revocation response: status, headers, the raw body and, when there is one, its JSON.</summary>
public sealed record ProtocolResult(HttpResponseMessage Response, string Text)
{
    public int Status => (int)Response.StatusCode;

    public JsonElement Body => JsonDocument.Parse(Text).RootElement.Clone();

    public bool Active => Body.GetProperty("active").GetBoolean();

    public string? Error => Status == 200 ? null : Body.GetProperty("error").GetString();

    public string? Member(string name) => Body.TryGetProperty(name, out var value) ? value.ToString() : null;

    public string? CacheControl => Response.Headers.CacheControl?.ToString();
}

/// <summary>
/// Requests to <c>/connect/introspect</c> (RFC 7662) and <c>/connect/revoke</c> (RFC 7009), and the resource-server
/// clients that may introspect.
/// </summary>
public static class IntrospectionRequests
{
    public const string IntrospectPath = "/connect/introspect";
    public const string RevokePath = "/connect/revoke";

    /// <summary>The exact body of every inactive answer (RFC 7662 §2.2).</summary>
    public const string Inactive = """{"active":false}""";

    /// <summary>A confidential client with the <c>introspection</c> permission, as a resource server is registered.</summary>
    public const string ResourceServer = "resource-server";
    public const string ResourceServerSecret = "resource-server-secret";
    /// <summary>A confidential client without the permission.</summary>
    public const string NoPermission = "no-permission-server";
    public const string NoPermissionSecret = "no-permission-secret";

    /// <summary>Registers the resource servers at indexes 40 and 41, clear of the factory's defaults.</summary>
    public static IdentityHostFactory WithResourceServers(this IdentityHostFactory factory)
    {
        var s = factory.Settings;
        IdentityHostFactory.AddClient(s, 40, ResourceServer, "confidential", ResourceServerSecret, ["client_credentials"], []);
        s["Clients:40:Permissions:0"] = "introspection";
        IdentityHostFactory.AddClient(s, 41, NoPermission, "confidential", NoPermissionSecret, ["client_credentials"], []);
        return factory;
    }

    /// <summary>Introspects as the resource server (HTTP Basic) unless <paramref name="basic"/> or body credentials say otherwise.</summary>
    public static Task<ProtocolResult> IntrospectAsync(this HttpClient client, string? token, string? hint = null,
        (string Id, string Secret)? basic = null, params (string Name, string? Value)[] extra) =>
        client.PostFormAsync(IntrospectPath, [("token", token), ("token_type_hint", hint), .. extra], basic ?? (ResourceServer, ResourceServerSecret));

    /// <summary>Revokes as a public client (<c>client_id</c> in the body) or, with <paramref name="basic"/>, a confidential one.</summary>
    public static Task<ProtocolResult> RevokeAsync(this HttpClient client, string? token, string? clientId = "public-app", string? hint = null,
        (string Id, string Secret)? basic = null) =>
        client.PostFormAsync(RevokePath, [("token", token), ("token_type_hint", hint), ("client_id", basic is null ? clientId : null)], basic);

    public static async Task<ProtocolResult> PostFormAsync(this HttpClient client, string path, IEnumerable<(string Name, string? Value)> form,
        (string Id, string Secret)? basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Name, p.Value!))),
        };
        if (basic is { } credentials)
        {
            var raw = $"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        var response = await client.SendAsync(request);
        return new ProtocolResult(response, await response.Content.ReadAsStringAsync());
    }
}
