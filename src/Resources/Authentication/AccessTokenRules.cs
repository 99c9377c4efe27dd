using Microsoft.IdentityModel.Tokens;

namespace Resources.Authentication;

/// <summary>What a JWT access token must look like to be accepted here.</summary>
internal static class AccessTokenRules
{
    /// <summary>
    /// RFC 9068 §4: the resource server MUST check that <c>typ</c> is <c>at+jwt</c> or <c>application/at+jwt</c>,
    /// so an ID token or any other JWT signed by the same key cannot be replayed as an access token.
    /// </summary>
    public static readonly string[] ValidTypes = ["at+jwt", "application/at+jwt"];

    /// <summary>
    /// Asymmetric algorithms only (RFC 8725 §3.1, §3.2): never <c>none</c>, and never HS*, whose "secret" could be
    /// the public key an attacker downloaded from the JWKS.
    /// </summary>
    public static readonly string[] ValidAlgorithms =
    [
        SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.EcdsaSha256,
        SecurityAlgorithms.EcdsaSha384,
    ];

    /// <summary>Small allowance for clocks that drift between IdentityHost and this API.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// RFC 7519 §4.1.4–4.1.5 at <paramref name="now"/> with <see cref="ClockSkew"/>. Throws the library's own
    /// exceptions so the challenge still says why (e.g. "The token expired at …").
    /// </summary>
    public static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now)
    {
        if (expires is not { } exp) throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        if (exp + ClockSkew <= now) throw new SecurityTokenExpiredException($"The token expired at '{exp:o}'.") { Expires = exp };
        if (notBefore is { } nbf && nbf > now + ClockSkew)
            throw new SecurityTokenNotYetValidException($"The token is not valid before '{nbf:o}'.") { NotBefore = nbf };
        return true;
    }
}
