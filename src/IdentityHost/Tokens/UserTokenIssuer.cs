using IdentityHost.Accounts;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Tokens;

/// <summary>
/// Issues the tokens of a user's grant: an access token; an id_token when <c>openid</c> is granted; and, when
/// <c>offline_access</c> is granted to a client that may refresh, a refresh token in the grant's authorization (the
/// family), which is created here when the grant has none yet (the password grant).
/// </summary>
public sealed class UserTokenIssuer(
    AccessTokenIssuer accessTokens,
    IdentityTokenIssuer identityTokens,
    RefreshTokenFactory refreshTokens,
    TokenStore store,
    UserManager<ApplicationUser> users,
    TimeProvider time)
{
    public async Task<TokenResponse> IssueAsync(ClientEntity client, ApplicationUser user, IReadOnlySet<string> scopes,
        AuthorizationEntity? authorization, SignInFacts signIn, CancellationToken cancellationToken)
    {
        // RFC 6749 §1.5: refresh tokens go only to clients allowed the refresh_token grant; the scope in the
        // response then says offline_access was not granted (RFC 6749 §3.3).
        if (scopes.Contains(StandardScopes.OfflineAccess) && !client.GrantTypes.Contains(GrantTypes.RefreshToken))
        {
            scopes = new SortedSet<string>(scopes.Where(s => s != StandardScopes.OfflineAccess), StringComparer.Ordinal);
        }

        string? refreshToken = null;
        if (scopes.Contains(StandardScopes.OfflineAccess))
        {
            if (authorization is null)
            {
                authorization = await NewAuthorizationAsync(client, user, scopes, signIn);
                store.Add(authorization);
            }
            var (value, entity) = refreshTokens.Create(authorization, scopes, refreshTokens.NewFamilyAbsoluteExpiry());
            store.Add(entity);
            await store.SaveChangesAsync(cancellationToken);
            refreshToken = value;
        }

        var (accessToken, expiresIn, idToken) = await IssueAccessAndIdentityAsync(client, user, scopes, authorization, signIn);
        return new TokenResponse(user.Id, accessToken, expiresIn, ScopeSet.Format(scopes), refreshToken, idToken);
    }

    /// <summary>The access token, and the id_token when <c>openid</c> is granted (OIDC Core §3.1.3.3, §12.2).</summary>
    public async Task<(string AccessToken, int ExpiresIn, string? IdToken)> IssueAccessAndIdentityAsync(
        ClientEntity client, ApplicationUser user, IReadOnlySet<string> scopes, AuthorizationEntity? authorization, SignInFacts signIn)
    {
        var roles = scopes.Contains(StandardScopes.Roles) ? (await users.GetRolesAsync(user)).ToList() : null;
        var (accessToken, expiresIn) = accessTokens.Issue(user.Id, client.ClientId, scopes, roles, authorization?.Id, signIn);
        var idToken = scopes.Contains(StandardScopes.OpenId)
            ? identityTokens.Issue(user, roles, client.ClientId, scopes, signIn, accessToken)
            : null;
        return (accessToken, expiresIn, idToken);
    }

    /// <summary>A new ad-hoc authorization: the family of the codes and refresh tokens of one sign-in.</summary>
    public async Task<AuthorizationEntity> NewAuthorizationAsync(ClientEntity client, ApplicationUser user, IEnumerable<string> scopes, SignInFacts signIn) => new()
    {
        ClientId = client.ClientId,
        Subject = user.Id,
        Scopes = scopes.ToList(),
        SecurityStampHash = ActiveUserCheck.StampHash(await users.GetSecurityStampAsync(user)),
        CreatedAt = time.GetUtcNow().UtcDateTime,
        AuthTime = signIn.AuthTime,
        SessionId = signIn.SessionId,
        AuthenticationMethod = signIn.AuthenticationMethod,
        IdentityProvider = signIn.IdentityProvider,
    };
}
