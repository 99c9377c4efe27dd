using IdentityHost.Accounts;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Tokens;

/// <summary>
/// Issues the tokens of a fresh user sign-in: an access token, and — when <c>offline_access</c> is granted and the
/// client may refresh — a new authorization (the refresh-token family) with its first refresh token.
/// </summary>
public sealed class UserTokenIssuer(
    AccessTokenIssuer accessTokens,
    RefreshTokenFactory refreshTokens,
    TokenStore store,
    UserManager<ApplicationUser> users,
    TimeProvider time)
{
    public async Task<TokenResponse> IssueAsync(ClientEntity client, ApplicationUser user, IReadOnlySet<string> scopes, CancellationToken cancellationToken)
    {
        // RFC 6749 §1.5: refresh tokens go only to clients allowed the refresh_token grant; the scope in the
        // response then says offline_access was not granted (RFC 6749 §3.3).
        if (scopes.Contains(StandardScopes.OfflineAccess) && !client.GrantTypes.Contains(GrantTypes.RefreshToken))
        {
            scopes = new SortedSet<string>(scopes.Where(s => s != StandardScopes.OfflineAccess), StringComparer.Ordinal);
        }

        var roles = scopes.Contains(StandardScopes.Roles) ? (await users.GetRolesAsync(user)).ToList() : null;
        var (accessToken, expiresIn) = accessTokens.Issue(user.Id, client.ClientId, scopes, roles);

        string? refreshToken = null;
        if (scopes.Contains(StandardScopes.OfflineAccess))
        {
            var authorization = new AuthorizationEntity
            {
                ClientId = client.ClientId,
                Subject = user.Id,
                Scopes = scopes.ToList(),
                SecurityStampHash = ActiveUserCheck.StampHash(await users.GetSecurityStampAsync(user)),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            var (value, entity) = refreshTokens.Create(authorization, scopes, refreshTokens.NewFamilyAbsoluteExpiry());
            store.Add(authorization);
            store.Add(entity);
            await store.SaveChangesAsync(cancellationToken);
            refreshToken = value;
        }

        return new TokenResponse(accessToken, expiresIn, ScopeSet.Format(scopes), refreshToken);
    }
}
