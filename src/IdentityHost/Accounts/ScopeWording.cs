using IdentityHost.Protocol;
using IdentityHost.Tokens;

namespace IdentityHost.Accounts;

/// <summary>What a scope lets a client do, in the words the consent page shows a user.</summary>
public static class ScopeWording
{
    private static readonly (string Scope, string Text)[] Standard =
    [
        (StandardScopes.OpenId, "Sign you in"),
        (StandardScopes.Profile, "Your name and username"),
        (StandardScopes.Email, "Your email address"),
        (StandardScopes.Roles, "Your roles"),
        (StandardScopes.OfflineAccess, "Stay signed in (keep access while you are away)"),
    ];

    /// <summary>Identity scopes first in a fixed order, then API scopes by their configured description (else name).</summary>
    public static IReadOnlyList<string> Describe(IReadOnlySet<string> scopes, ScopeCatalog catalog)
    {
        var lines = Standard.Where(s => scopes.Contains(s.Scope)).Select(s => s.Text).ToList();
        foreach (var scope in scopes.Where(s => !StandardScopes.All.Contains(s)).Order(StringComparer.Ordinal))
        {
            var configured = catalog.ApiScopes.FirstOrDefault(s => s.Name == scope)?.Description;
            lines.Add(string.IsNullOrWhiteSpace(configured) ? scope : configured);
        }
        return lines;
    }
}
