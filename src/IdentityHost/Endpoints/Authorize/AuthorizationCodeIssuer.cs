using System.Security.Cryptography;
using System.Text.Json;
using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.Authorize;

/// <summary>
/// Issues authorization codes: 256 random bits, stored by hash, single use, short-lived, bound to the client, redirect
/// URI, PKCE challenge, nonce, scopes, user and sign-in — and to a new authorization, the family of whatever tokens
/// the code is exchanged for.
/// </summary>
public sealed class AuthorizationCodeIssuer(
    UserTokenIssuer tokens,
    TokenStore store,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    RandomNumberGenerator random)
{
    public async Task<string> IssueAsync(AuthorizeRequest request, SessionInfo session, CancellationToken cancellationToken)
    {
        var signIn = new SignInFacts(session.AuthTime, session.SessionId, request.Nonce, session.AuthenticationMethod, session.IdentityProvider);
        var authorization = await tokens.NewAuthorizationAsync(request.Client, session.User, request.Scopes, signIn);
        var now = time.GetUtcNow().UtcDateTime;
        var code = TokenHasher.NewToken(random);
        store.Add(authorization);
        store.Add(new TokenEntity
        {
            Type = TokenTypes.AuthorizationCode,
            Hash = TokenHasher.Hash(code),
            ClientId = request.Client.ClientId,
            Subject = session.User.Id,
            AuthorizationId = authorization.Id,
            Scopes = request.Scopes.ToList(),
            CreatedAt = now,
            ExpiresAt = now + options.Value.Tokens.AuthorizationCodeLifetime,
            Payload = JsonSerializer.Serialize(new AuthorizationCodePayload(request.RedirectUri, request.CodeChallenge, request.Nonce)),
        });
        await store.SaveChangesAsync(cancellationToken);
        return code;
    }
}
