using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Resources.Authentication;

namespace Resources.Tests.Authentication;

/// <summary>
/// The cache of validated access tokens never outlives the token (plus the allowed skew) nor
/// <see cref="ValidatedTokenCache.MaxAge"/>, hands each request its own identity, and stays bounded.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();

    private JsonWebToken Token(TimeSpan lifetime, string? jti = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            IssuedAt = _clock.Now.UtcDateTime,
            NotBefore = _clock.Now.UtcDateTime,
            Expires = (_clock.Now + lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
        };
        return new JsonWebToken(new JsonWebTokenHandler().CreateToken(descriptor));
    }

    private static ClaimsIdentity Identity() => new([new Claim("sub", "alice")], "Bearer");

    private static string Key(JsonWebToken token) => ValidatedTokenCache.KeyOf(token.EncodedToken);

    [Fact]
    public void ValidatedToken_IsFound_WithItsOwnCopyOfTheIdentity()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromMinutes(10));
        var identity = Identity();
        cache.Add(Key(token), token, identity, "issuer");

        Assert.True(cache.TryGet(Key(token), out var found, out var first, out var issuer));
        Assert.True(cache.TryGet(Key(token), out _, out var second, out _));

        Assert.Same(token, found);
        Assert.Equal("issuer", issuer);
        Assert.Equal("alice", first.FindFirst("sub")!.Value);
        // A request that adds a claim to its identity must not change another request's.
        Assert.NotSame(identity, first);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Entry_IsNotUsedOnceTheTokenExpiredBeyondTheSkew()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromMinutes(2));
        cache.Add(Key(token), token, Identity(), "issuer");

        _clock.Now += TimeSpan.FromMinutes(2) + AccessTokenRules.ClockSkew - TimeSpan.FromSeconds(1);
        Assert.True(cache.TryGet(Key(token), out _, out _, out _));
        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.False(cache.TryGet(Key(token), out _, out _, out _));
    }

    [Fact]
    public void Entry_IsNotUsedAfterMaxAge_EvenForALongLivedToken()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromHours(2));
        cache.Add(Key(token), token, Identity(), "issuer");

        _clock.Now += ValidatedTokenCache.MaxAge;

        Assert.False(cache.TryGet(Key(token), out _, out _, out _));
    }

    [Fact]
    public void FullCache_KeepsNoMore_UntilEntriesExpire()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromMinutes(1));
        for (var i = 0; i < ValidatedTokenCache.MaxEntries; i++)
        {
            cache.Add($"key-{i}", token, Identity(), "issuer");
        }
        var extra = Token(TimeSpan.FromMinutes(10));

        cache.Add(Key(extra), extra, Identity(), "issuer");
        Assert.False(cache.TryGet(Key(extra), out _, out _, out _));

        // Once the others expired, room is made by dropping them.
        _clock.Now += TimeSpan.FromMinutes(1) + AccessTokenRules.ClockSkew;
        cache.Add(Key(extra), extra, Identity(), "issuer");
        Assert.True(cache.TryGet(Key(extra), out _, out _, out _));
    }
}
