using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.Extensions.Options;

namespace IdentityHost.Tokens;

/// <summary>The known scopes and the audiences they grant, from the <c>Scopes</c> configuration.</summary>
public sealed class ScopeCatalog(IOptions<CatalogOptions> options)
{
    private readonly Dictionary<string, ScopeOptions> _apiScopes = options.Value.Scopes.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public bool IsKnown(string scope) => StandardScopes.All.Contains(scope) || _apiScopes.ContainsKey(scope);

    public IEnumerable<ScopeOptions> ApiScopes => _apiScopes.Values;

    /// <summary>RFC 9068 §3: the audience is the set of resources the granted scopes are for.</summary>
    public IReadOnlyList<string> AudiencesFor(IEnumerable<string> scopes) =>
        scopes.Where(_apiScopes.ContainsKey).SelectMany(s => _apiScopes[s].Resources).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// RFC 6749 §3.3: when a request names no scope, the client gets its registered API scopes — never
    /// <c>offline_access</c> or identity scopes, which must be asked for.
    /// </summary>
    public IReadOnlySet<string> DefaultFor(ClientEntity client) =>
        new SortedSet<string>(client.Scopes.Where(_apiScopes.ContainsKey), StringComparer.Ordinal);
}
