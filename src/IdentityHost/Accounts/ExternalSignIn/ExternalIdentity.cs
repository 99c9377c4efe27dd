using System.Security.Claims;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// Who the provider says signed in: the stable id (<c>(Provider, ProviderKey)</c> is the identity; GitHub's numeric
/// <c>id</c>, Google's <c>sub</c>), and an email only when the provider verified it.
/// </summary>
public sealed record ExternalIdentity(string Provider, string ProviderKey, string? UserNameHint, string? VerifiedEmail)
{
    /// <summary>The <c>provider:id</c> form of <c>Admins:Logins</c>.</summary>
    public string LoginId => $"{Provider}:{ProviderKey}";

    /// <summary>Reads the principal the provider handlers build (<see cref="ExternalClaimTypes"/>); null when it lacks
    /// a known provider or an id.</summary>
    public static ExternalIdentity? From(ClaimsPrincipal principal)
    {
        var provider = ExternalProviders.Find(principal.FindFirstValue(ExternalClaimTypes.Provider));
        var key = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (provider is null || string.IsNullOrEmpty(key))
        {
            return null;
        }
        return new ExternalIdentity(provider.Name, key, principal.FindFirstValue(ExternalClaimTypes.UserNameHint),
            principal.FindFirstValue(ExternalClaimTypes.VerifiedEmail));
    }
}
