using IdentityHost.Accounts;
using IdentityHost.Protocol;
using IdentityHost.Tokens;

namespace IdentityHost.Grants;

/// <summary>RFC 6749 §4.3: the resource owner password credentials grant.</summary>
public sealed class PasswordGrantHandler(
    PasswordCredentialChecker credentials,
    PasswordHashGate hashGate,
    ScopeCatalog scopes,
    UserTokenIssuer issuer,
    TimeProvider time) : IGrantHandler
{
    public string GrantType => GrantTypes.Password;

    public async Task<GrantResult> HandleAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        var username = context.Parameters[Parameters.Username];
        var password = context.Parameters[Parameters.Password];
        if (username is null || password is null)
        {
            return OAuthError.InvalidRequest("The password grant requires the username and password parameters.");
        }

        var (ran, user) = await hashGate.TryRunAsync(() => credentials.CheckAsync(username, password, cancellationToken), cancellationToken);
        if (!ran)
        {
            return OAuthError.TemporarilyUnavailable("Too many sign-ins are being processed; retry shortly.");
        }
        if (user is null)
        {
            // One answer for unknown user, wrong password and locked account (no user enumeration).
            return OAuthError.InvalidGrant("The username or password is incorrect.");
        }

        var granted = context.RequestedScopes ?? scopes.DefaultFor(context.Client);
        var signIn = new SignInFacts(time.GetUtcNow().UtcDateTime, SessionId: null, Nonce: null, AuthenticationMethodReferences.Password);
        return GrantResult.Success(await issuer.IssueAsync(context.Client, user, granted, authorization: null, signIn, cancellationToken));
    }
}
