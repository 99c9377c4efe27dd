using IdentityHost.Configuration;
using IdentityHost.Keys;
using IdentityHost.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Endpoints.EndSession;

/// <summary>Who an accepted <c>id_token_hint</c> names: the user, and the client it was issued to.</summary>
public sealed record IdTokenHint(string Subject, string ClientId);

/// <summary>
/// Accepts an <c>id_token_hint</c> only if this server issued it as an id_token (OIDC RP-Initiated Logout 1.0 §2):
/// signed by one of our published keys with RS256 or ES256 (so <c>alg: none</c> and foreign keys fail), our issuer
/// byte for byte, <c>typ: JWT</c> (an at+jwt access token is not an id_token), one audience. Its lifetime is not
/// checked: the spec expects the hint to be an id_token that may well have expired.
/// </summary>
public sealed partial class IdTokenHintValidator(SigningKeyManager keys, IOptions<IdentityHostOptions> options, ILogger<IdTokenHintValidator> logger)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<IdTokenHint?> ValidateAsync(string token)
    {
        var issuer = options.Value.Issuer;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            // aud is the client, checked by the caller against client_id.
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            IssuerSigningKeys = keys.Published.Select(k => k.Credentials.Key).ToList(),
            ValidAlgorithms = [SigningAlgorithms.RS256, SigningAlgorithms.ES256],
            ValidTypes = ["JWT"],
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            LogRejected(logger, result.Exception?.GetType().Name ?? "not a JWT");
            return null;
        }
        // The issuer is an identifier compared byte for byte (RFC 8414 §2): checked here too, whatever the library allows.
        var audiences = jwt.Audiences.ToList();
        if (!string.Equals(jwt.Issuer, issuer, StringComparison.Ordinal) || audiences.Count != 1 || string.IsNullOrEmpty(jwt.Subject))
        {
            LogRejected(logger, "issuer, audience or subject");
            return null;
        }
        return new IdTokenHint(jwt.Subject, audiences[0]);
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Logout: id_token_hint not trusted ({Reason}).")]
    private static partial void LogRejected(ILogger logger, string reason);
}
