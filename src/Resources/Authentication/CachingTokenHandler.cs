using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Resources.Authentication;

/// <summary>
/// The JWT handler JwtBearer validates with, answering from <see cref="ValidatedTokenCache"/> when the same token was
/// fully validated before. Every token not in the cache (and every invalid one) goes through the full validation, so
/// the answers and their errors are exactly the library's.
/// </summary>
internal sealed class CachingTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var key = ValidatedTokenCache.KeyOf(token);
        if (cache.TryGet(key, out var cached, out var identity, out var issuer))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = cached,
                ClaimsIdentity = identity,
                Issuer = issuer,
                TokenType = cached.Typ,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            cache.Add(key, jwt, result.ClaimsIdentity, result.Issuer);
        }
        return result;
    }
}
