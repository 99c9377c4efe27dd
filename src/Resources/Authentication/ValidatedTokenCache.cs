using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Resources.Authentication;

/// <summary>
/// Access tokens that passed every check of <see cref="ConfigureJwtBearerOptions"/>, by SHA-256 of the token, so a
/// client presenting the same token on every call pays one hash instead of parsing and verifying the signature
/// again. An entry is used until the token expires (plus the allowed clock skew), and never longer than
/// <see cref="MaxAge"/>, so a key withdrawn from the issuer's JWKS stops being honoured within that bound. Only
/// valid tokens get in, so callers without one cannot fill it; it is bounded all the same.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider time)
{
    public const int MaxEntries = 10_000;

    /// <summary>How long a validation is trusted, however long the token lives.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);

    private sealed record Entry(JsonWebToken Token, ClaimsIdentity Identity, string Issuer, DateTimeOffset Until);

    public static string KeyOf(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The validated token and a copy of its identity (each request may add to its own).</summary>
    public bool TryGet(string key, out JsonWebToken token, out ClaimsIdentity identity, out string issuer)
    {
        if (_tokens.TryGetValue(key, out var entry))
        {
            if (time.GetUtcNow() < entry.Until)
            {
                (token, identity, issuer) = (entry.Token, entry.Identity.Clone(), entry.Issuer);
                return true;
            }
            _tokens.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        (token, identity, issuer) = (null!, null!, null!);
        return false;
    }

    public void Add(string key, JsonWebToken token, ClaimsIdentity identity, string issuer)
    {
        var now = time.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(token.ValidTo, DateTimeKind.Utc)) + AccessTokenRules.ClockSkew;
        var until = expires < now + MaxAge ? expires : now + MaxAge;
        if (until <= now)
        {
            return;
        }
        if (_tokens.Count >= MaxEntries)
        {
            foreach (var (staleKey, stale) in _tokens)
            {
                if (stale.Until <= now) _tokens.TryRemove(new KeyValuePair<string, Entry>(staleKey, stale));
            }
            if (_tokens.Count >= MaxEntries)
            {
                return;
            }
        }
        _tokens[key] = new Entry(token, identity.Clone(), issuer, until);
    }
}
