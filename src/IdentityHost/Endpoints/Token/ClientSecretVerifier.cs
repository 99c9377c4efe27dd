using System.Security.Cryptography;
using System.Text;
using IdentityHost.Protocol;
using Microsoft.Extensions.Caching.Memory;

namespace IdentityHost.Endpoints.Token;

/// <summary>
/// Checks client secrets against their PBKDF2 hashes, remembering successes for a few minutes by
/// SHA-256(stored hash, secret) so that a service presenting its secret on every token request pays one SHA-256, not
/// 10,000 PBKDF2 rounds. Only successes are remembered: a wrong secret always costs the full hash, so guessing never
/// gets cheaper, and a rotated secret (a new stored hash) never matches an old entry.
/// </summary>
public sealed class ClientSecretVerifier : IDisposable
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public bool Verify(string secret, string storedHash)
    {
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(storedHash + "\n" + secret)));
        if (_verified.TryGetValue(key, out _))
        {
            return true;
        }
        if (!SecretHasher.Verify(secret, storedHash))
        {
            return false;
        }
        _verified.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = RememberFor });
        return true;
    }

    public void Dispose() => _verified.Dispose();
}
