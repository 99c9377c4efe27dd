using System.Security.Cryptography;
using System.Text;

namespace IdentityHost.Protocol;

/// <summary>
/// Client secrets are chosen by people and may be weak, so they are stored as salted PBKDF2-SHA256
/// (<c>pbkdf2-sha256$iterations$salt$hash</c>) and checked in constant time.
/// </summary>
public static class SecretHasher
{
    private const string Prefix = "pbkdf2-sha256";
    public const int DefaultIterations = 10_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A well-formed hash of a random secret, verified against when the client is unknown so that an
    /// unknown client costs the same time as a wrong secret.</summary>
    public static readonly string DummyHash = Hash(Guid.NewGuid().ToString(), RandomNumberGenerator.Create());

    public static string Hash(string secret, RandomNumberGenerator random, int iterations = DefaultIterations)
    {
        var salt = new byte[SaltBytes];
        random.GetBytes(salt);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
