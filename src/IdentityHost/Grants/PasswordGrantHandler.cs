using IdentityHost.Accounts;
using IdentityHost.Protocol;
using IdentityHost.Tokens;

namespace IdentityHost.Grants;

/// <summary>RFC 6749 §4.3: the resource owner password credentials grant.</summary>
public sealed class PasswordGrantHandler(
    PasswordSignIn passwordSignIn,
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

        var signIn = await passwordSignIn.SignInAsync(username, password, context.HttpContext);
        switch (signIn.Status)
        {
            case PasswordSignInStatus.Throttled:
                return OAuthError.TooManyRequests("Too many failed sign-in attempts; retry later.", signIn.RetryAfter!.Value);
            case PasswordSignInStatus.Busy:
                return OAuthError.TemporarilyUnavailable("Too many sign-ins are being processed; retry shortly.");
            case PasswordSignInStatus.Failed:
                // One answer for unknown user, wrong password and locked account (no user enumeration).
                return OAuthError.InvalidGrant("The username or password is incorrect.");
        }
        var user = signIn.User!;

        var granted = context.RequestedScopes ?? scopes.DefaultFor(context.Client);
        var facts = new SignInFacts(time.GetUtcNow().UtcDateTime, SessionId: null, Nonce: null, AuthenticationMethodReferences.Password);
        return GrantResult.Success(await issuer.IssueAsync(context.Client, user, granted, authorization: null, facts, cancellationToken));
    }
}
