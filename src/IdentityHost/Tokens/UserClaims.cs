using IdentityHost.Accounts;
using IdentityHost.Protocol;

namespace IdentityHost.Tokens;

/// <summary>
/// Which user claims a scope releases (OIDC Core §5.4), in one place for the id_token and the userinfo response.
/// </summary>
public static class UserClaims
{
    public static Dictionary<string, object> ForScopes(ApplicationUser user, IReadOnlyList<string>? roles, IReadOnlySet<string> scopes)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id };
        if (scopes.Contains(StandardScopes.Profile) && user.UserName is { } name)
        {
            claims[Claims.Name] = name;
            claims[Claims.PreferredUsername] = name;
        }
        if (scopes.Contains(StandardScopes.Email) && user.Email is { } email)
        {
            claims[Claims.Email] = email;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }
        if (scopes.Contains(StandardScopes.Roles) && roles is not null)
        {
            claims[Claims.Roles] = roles.ToArray();
        }
        return claims;
    }
}
