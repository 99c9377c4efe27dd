using System.Text.Json.Nodes;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Authorize;
using IdentityHost.Endpoints.EndSession;
using IdentityHost.Endpoints.Introspection;
using IdentityHost.Endpoints.Revocation;
using IdentityHost.Endpoints.Token;
using IdentityHost.Endpoints.UserInfo;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using IdentityHost.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Discovery;

/// <summary>
/// <c>/.well-known/openid-configuration</c> (RFC 8414 §3) and <c>/.well-known/jwks</c> (RFC 7517 §5). Both list only
/// what is implemented, and both may be cached briefly by clients.
/// </summary>
public static class DiscoveryEndpoints
{
    public const string ConfigurationPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/jwks";

    /// <summary>Short enough that a newly published key is seen well before it signs anything.</summary>
    private const string CacheControl = "public, max-age=300";

    public static IResult Configuration(DiscoveryDocument document, HttpResponse response)
    {
        Cacheable(response);
        return Results.Bytes(document.Current, "application/json; charset=utf-8");
    }

    /// <summary>Builds the metadata document; <see cref="DiscoveryDocument"/> keeps it until the key set changes.</summary>
    internal static byte[] Build(string issuer, ScopeCatalog scopes, SigningKeyManager keys)
    {
        var document = new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = Endpoint(issuer, AuthorizeEndpoint.Path),
            // OIDC RP-Initiated Logout 1.0 §2.1.
            ["end_session_endpoint"] = Endpoint(issuer, EndSessionEndpoint.Path),
            ["token_endpoint"] = Endpoint(issuer, TokenEndpoint.Path),
            ["userinfo_endpoint"] = Endpoint(issuer, UserInfoEndpoint.Path),
            ["jwks_uri"] = Endpoint(issuer, JwksPath),
            ["grant_types_supported"] = Array(GrantTypes.Supported.Order(StringComparer.Ordinal)),
            ["response_types_supported"] = Array(["code"]),
            ["response_modes_supported"] = Array(["query"]),
            ["code_challenge_methods_supported"] = Array([Pkce.S256]),
            // RFC 9207: authorization responses carry iss.
            ["authorization_response_iss_parameter_supported"] = true,
            ["subject_types_supported"] = Array(["public"]),
            ["id_token_signing_alg_values_supported"] = Array(keys.Published.Select(k => k.Algorithm).Distinct()),
            ["scopes_supported"] = Array(StandardScopes.All.Concat(scopes.ApiScopes.Select(s => s.Name)).Order(StringComparer.Ordinal)),
            ["token_endpoint_auth_methods_supported"] = Array([
                ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.None]),
            // RFC 8414 §2: RFC 7009 revocation (public clients send client_id alone) and RFC 7662 introspection
            // (confidential clients only).
            ["revocation_endpoint"] = Endpoint(issuer, RevocationEndpoint.Path),
            ["revocation_endpoint_auth_methods_supported"] = Array([
                ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.None]),
            ["introspection_endpoint"] = Endpoint(issuer, IntrospectionEndpoint.Path),
            ["introspection_endpoint_auth_methods_supported"] = Array([
                ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost]),
            ["claims_supported"] = Array([Claims.Subject, Claims.Issuer, Claims.Audience, Claims.ExpiresAt, Claims.IssuedAt, Claims.AuthTime,
                Claims.Nonce, Claims.AccessTokenHash, Claims.SessionId, Claims.Name, Claims.PreferredUsername, Claims.Email,
                Claims.EmailVerified, Claims.Roles, Claims.ClientId, Claims.Scope]),
            ["prompt_values_supported"] = Array(Prompts.Supported.Order(StringComparer.Ordinal)),
            // RFC 9068: access tokens are JWTs signed with these algorithms.
            ["access_token_signing_alg_values_supported"] = Array(keys.Published.Select(k => k.Algorithm).Distinct()),
        };
        return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
    }

    public static IResult Jwks(DiscoveryDocument document, HttpResponse response)
    {
        Cacheable(response);
        return Results.Bytes(document.Jwks, "application/jwk-set+json; charset=utf-8");
    }

    /// <summary>
    /// Publicly cacheable, and varying by Origin even when this request had none: a shared cache must not serve the
    /// copy without CORS headers to a browser application (the CORS middleware adds Vary itself when Origin is sent).
    /// </summary>
    private static void Cacheable(HttpResponse response)
    {
        response.Headers.CacheControl = CacheControl;
        if (!response.HttpContext.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Origin))
        {
            response.Headers.Vary = Microsoft.Net.Http.Headers.HeaderNames.Origin;
        }
    }

    /// <summary>Endpoint URLs hang off the configured issuer, never off the request's Host header.</summary>
    private static string Endpoint(string issuer, string path) => issuer.TrimEnd('/') + path;

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
