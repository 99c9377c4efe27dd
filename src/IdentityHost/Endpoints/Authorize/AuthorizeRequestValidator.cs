using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Endpoints.Authorize;

/// <summary>
/// Validates an authorization request step by step, in an order that matters: first the client and the redirect
/// URI (RFC 6749 §4.1.2.1: errors about them are never redirected), then everything else, reported to the client.
/// Used by the authorization endpoint and again, server-side, by the consent page.
/// </summary>
public sealed class AuthorizeRequestValidator(IdentityHostDbContext db, ScopeCatalog catalog)
{
    private const int MaxStateLength = 2048;
    private const int MaxNonceLength = 512;

    public async Task<AuthorizeValidation> ValidateAsync(ProtocolParameters parameters, CancellationToken cancellationToken)
    {
        // 1. The client.
        if (parameters.IsDuplicated(Parameters.ClientId))
            return AuthorizeValidation.Page(OAuthError.InvalidRequest("The client_id parameter is included more than once."));
        var clientId = parameters[Parameters.ClientId];
        if (clientId is null)
            return AuthorizeValidation.Page(OAuthError.InvalidRequest("The client_id parameter is missing."));
        var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null)
            return AuthorizeValidation.Page(new OAuthError(Errors.InvalidClient, "The client is not registered."));

        // 2. The redirect URI: required, and one of the client's (RFC 9700 §4.1.3: exact match).
        if (parameters.IsDuplicated(Parameters.RedirectUri))
            return AuthorizeValidation.Page(OAuthError.InvalidRequest("The redirect_uri parameter is included more than once."));
        var redirectUri = parameters[Parameters.RedirectUri];
        if (redirectUri is null)
            return AuthorizeValidation.Page(OAuthError.InvalidRequest("The redirect_uri parameter is missing."));
        if (!client.RedirectUris.Any(registered => RedirectUriRules.Matches(registered, redirectUri)))
            return AuthorizeValidation.Page(OAuthError.InvalidRequest("The redirect_uri is not registered for this client."));

        // From here on, errors go back to the (now trusted) redirect URI, with the state if it could be read.
        var state = parameters.IsDuplicated(Parameters.State) ? null : parameters[Parameters.State];
        AuthorizeValidation Reject(OAuthError error) => AuthorizeValidation.Redirect(error, redirectUri, state);

        if (parameters.FirstDuplicate is { } duplicate)
            return Reject(OAuthError.InvalidRequest($"The '{duplicate}' parameter is included more than once."));
        if (state is { Length: > MaxStateLength })
            return Reject(OAuthError.InvalidRequest($"The state parameter is longer than {MaxStateLength} characters."));

        // 3. The response type and mode.
        var responseType = parameters[Parameters.ResponseType];
        if (responseType is null)
            return Reject(OAuthError.InvalidRequest("The response_type parameter is missing."));
        if (responseType != "code")
            return Reject(new OAuthError(Errors.UnsupportedResponseType, "Only response_type=code is supported."));
        if (parameters[Parameters.ResponseMode] is { } mode && mode != "query")
            return Reject(OAuthError.InvalidRequest("Only response_mode=query is supported."));
        if (!client.GrantTypes.Contains(GrantTypes.AuthorizationCode))
            return Reject(OAuthError.UnauthorizedClient("The client is not allowed the authorization code flow."));

        // 4. The scope: known and allowed for this client.
        if (!ScopeSet.TryParse(parameters[Parameters.Scope], out var scopes))
            return Reject(OAuthError.InvalidScope("The scope parameter is malformed."));
        if (scopes.FirstOrDefault(s => !client.Scopes.Contains(s)) is { } forbidden)
            return Reject(OAuthError.InvalidScope($"The client is not allowed the scope '{forbidden}'."));
        if (scopes.Count == 0)
            scopes = catalog.DefaultFor(client);

        // 5. PKCE (RFC 7636; RFC 9700 §2.1.1): S256 only, required for public clients and where the client requires it.
        var challenge = parameters[Parameters.CodeChallenge];
        var method = parameters[Parameters.CodeChallengeMethod];
        if (challenge is null)
        {
            if (method is not null)
                return Reject(OAuthError.InvalidRequest("code_challenge_method was sent without a code_challenge."));
            if (client.Type == ClientTypes.Public || client.RequirePkce)
                return Reject(OAuthError.InvalidRequest("This client must use PKCE: code_challenge is missing."));
        }
        else
        {
            if (method != Pkce.S256)
                return Reject(OAuthError.InvalidRequest("code_challenge_method must be S256."));
            if (!Pkce.IsWellFormedChallenge(challenge))
                return Reject(OAuthError.InvalidRequest("The code_challenge is not a base64url-encoded SHA-256 hash."));
        }

        // 6. OpenID Connect parameters (OIDC Core §3.1.2.1).
        var prompt = (parameters[Parameters.Prompt] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (prompt.FirstOrDefault(p => !Prompts.Supported.Contains(p)) is { } unknownPrompt)
            return Reject(OAuthError.InvalidRequest($"The prompt value '{unknownPrompt}' is not supported."));
        if (prompt.Contains(Prompts.None) && prompt.Count > 1)
            return Reject(OAuthError.InvalidRequest("prompt=none cannot be combined with other values."));
        int? maxAge = null;
        if (parameters[Parameters.MaxAge] is { } maxAgeText)
        {
            if (!int.TryParse(maxAgeText, System.Globalization.NumberStyles.None, null, out var seconds))
                return Reject(OAuthError.InvalidRequest("max_age must be a non-negative number of seconds."));
            maxAge = seconds;
        }
        var nonce = parameters[Parameters.Nonce];
        if (nonce is { Length: > MaxNonceLength })
            return Reject(OAuthError.InvalidRequest($"The nonce is longer than {MaxNonceLength} characters."));

        return AuthorizeValidation.Valid(new AuthorizeRequest(client, redirectUri, state, scopes, challenge, nonce, prompt, maxAge,
            parameters[Parameters.LoginHint]));
    }
}
