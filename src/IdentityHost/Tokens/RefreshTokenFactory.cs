using System.Security.Cryptography;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.Extensions.Options;

namespace IdentityHost.Tokens;

/// <summary>
/// Makes opaque refresh tokens: 256 random bits handed to the client, only their hash stored, with a sliding
/// expiry that never passes the family's absolute one.
/// </summary>
public sealed class RefreshTokenFactory(IOptions<IdentityHostOptions> options, TimeProvider time, RandomNumberGenerator random)
{
    public DateTime NewFamilyAbsoluteExpiry() => time.GetUtcNow().UtcDateTime + options.Value.Tokens.RefreshTokenAbsoluteLifetime;

    public (string Value, TokenEntity Entity) Create(AuthorizationEntity authorization, IEnumerable<string> scopes, DateTime absoluteExpiresAt)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var sliding = now + options.Value.Tokens.RefreshTokenSlidingLifetime;
        var value = TokenHasher.NewToken(random);
        return (value, new TokenEntity
        {
            Type = TokenTypes.RefreshToken,
            Hash = TokenHasher.Hash(value),
            ClientId = authorization.ClientId,
            Subject = authorization.Subject,
            AuthorizationId = authorization.Id,
            Scopes = scopes.ToList(),
            CreatedAt = now,
            ExpiresAt = sliding < absoluteExpiresAt ? sliding : absoluteExpiresAt,
            AbsoluteExpiresAt = absoluteExpiresAt,
        });
    }
}
