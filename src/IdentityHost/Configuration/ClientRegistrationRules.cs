using IdentityHost.Protocol;

namespace IdentityHost.Configuration;

/// <summary>
/// The rules a client registration must satisfy, shared by start-up validation of <c>Clients</c> and by the
/// <c>clients add</c> verb.
/// </summary>
public static class ClientRegistrationRules
{
    public static readonly IReadOnlySet<string> KnownPermissions = new HashSet<string>(StringComparer.Ordinal)
    {
        ClientPermissions.Introspection, ClientPermissions.Revocation,
    };

    public static IEnumerable<string> Validate(ClientOptions client, IReadOnlySet<string> knownScopes)
    {
        if (string.IsNullOrWhiteSpace(client.ClientId))
        {
            yield return "ClientId is required";
            yield break;
        }
        var id = client.ClientId;

        var confidential = client.Type == ClientTypes.Confidential;
        if (!confidential && client.Type != ClientTypes.Public)
        {
            yield return $"client '{id}': Type must be '{ClientTypes.Public}' or '{ClientTypes.Confidential}', not '{client.Type}'";
        }
        if (confidential && string.IsNullOrEmpty(client.ClientSecret))
        {
            yield return $"client '{id}': a confidential client needs a ClientSecret";
        }
        if (!confidential && !string.IsNullOrEmpty(client.ClientSecret))
        {
            yield return $"client '{id}': a public client cannot have a ClientSecret (it could not keep it secret)";
        }
        if (client.ConsentType is not (ConsentTypes.Implicit or ConsentTypes.Explicit))
        {
            yield return $"client '{id}': ConsentType must be '{ConsentTypes.Implicit}' or '{ConsentTypes.Explicit}'";
        }

        if (client.GrantTypes.Count == 0)
        {
            yield return $"client '{id}': GrantTypes is empty";
        }
        foreach (var grant in client.GrantTypes.Where(g => !GrantTypes.Supported.Contains(g)))
        {
            yield return $"client '{id}': unknown grant type '{grant}' (supported: {string.Join(", ", GrantTypes.Supported)})";
        }
        // RFC 6749 §4.4: only confidential clients can use client_credentials.
        if (!confidential && client.GrantTypes.Contains(GrantTypes.ClientCredentials))
        {
            yield return $"client '{id}': a public client cannot use the client_credentials grant";
        }

        foreach (var scope in client.Scopes.Where(s => !knownScopes.Contains(s)))
        {
            yield return $"client '{id}': unknown scope '{scope}'";
        }
        foreach (var permission in client.Permissions.Where(p => !KnownPermissions.Contains(p)))
        {
            yield return $"client '{id}': unknown permission '{permission}'";
        }
        // RFC 7662 §2.1: the introspection endpoint requires authentication, which a public client cannot do.
        if (!confidential && client.Permissions.Contains(ClientPermissions.Introspection))
        {
            yield return $"client '{id}': a public client cannot have the '{ClientPermissions.Introspection}' permission (it cannot authenticate)";
        }
        foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris))
        {
            if (RedirectUriRules.Validate(uri) is { } problem)
            {
                yield return $"client '{id}': {problem}";
            }
        }
    }
}
