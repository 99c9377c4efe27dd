using IdentityHost.Protocol;
using IdentityHost.Tokens;

namespace IdentityHost.Grants;

/// <summary>RFC 6749 §4.4: a confidential client acting on its own behalf. Access token only (§4.4.3).</summary>
public sealed class ClientCredentialsGrantHandler(AccessTokenIssuer accessTokens, ScopeCatalog scopes) : IGrantHandler
{
    /// <summary>Prefix of the <c>sub</c> of client tokens: user ids are GUIDs, so the two never collide.</summary>
    public const string SubjectPrefix = "client:";

    public string GrantType => GrantTypes.ClientCredentials;

    public Task<GrantResult> HandleAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        if (context.Client.Type != ClientTypes.Confidential)
        {
            return Task.FromResult<GrantResult>(OAuthError.UnauthorizedClient("Only confidential clients may use the client_credentials grant."));
        }

        var granted = context.RequestedScopes ?? scopes.DefaultFor(context.Client);
        if (granted.FirstOrDefault(StandardScopes.All.Contains) is { } userScope)
        {
            return Task.FromResult<GrantResult>(OAuthError.InvalidScope($"The '{userScope}' scope concerns a user and cannot be granted to a client acting for itself."));
        }

        var subject = SubjectPrefix + context.Client.ClientId;
        var (token, expiresIn) = accessTokens.Issue(subject, context.Client.ClientId, granted);
        return Task.FromResult(GrantResult.Success(new TokenResponse(subject, token, expiresIn, ScopeSet.Format(granted), null)));
    }
}
