using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Protocol;

/// <summary>
/// Opaque artifacts (refresh tokens, authorization codes) are 256-bit random values; the store keeps only their
/// SHA-256. A fast hash is right here because the input has full entropy: there is nothing to brute-force.
/// </summary>
public static class TokenHasher
{
    public const int TokenBytes = 32;

    public static string NewToken(RandomNumberGenerator random)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        random.GetBytes(bytes);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static string Hash(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToBase64String(hash);
    }
}
