using System.Security.Cryptography;
using System.Text;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Configuration;

/// <summary>Reads the Clients table directly, as someone with a copy of the database would.</summary>
public static class StoredClients
{
    public static async Task<string?> SecretHashAsync(string directory, string clientId)
    {
        var rows = await TestStore.QueryAsync(directory, """SELECT "SecretHash" FROM "Clients" WHERE "ClientId" = @id""", ("id", clientId));
        Assert.True(rows.Count == 1, $"client '{clientId}' is not stored");
        return rows[0];
    }

    /// <summary>
    /// The stored value is a salted PBKDF2-HMAC-SHA256 of the secret, checked by recomputing it here rather than
    /// with the app's hasher. NIST SP 800-132 §5.1: a salt of at least 128 bits; §5.2: at least 1,000 iterations.
    /// </summary>
    public static void AssertIsPbkdf2Of(string secret, string? stored)
    {
        Assert.NotNull(stored);
        Assert.DoesNotContain(secret, stored);
        var parts = stored.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Contains("pbkdf2", parts[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("sha256", parts[0], StringComparison.OrdinalIgnoreCase);
        var iterations = int.Parse(parts[1]);
        var salt = Convert.FromBase64String(parts[2]);
        var hash = Convert.FromBase64String(parts[3]);

        Assert.True(salt.Length >= 16, $"salt is {salt.Length} bytes");
        Assert.True(iterations >= 1_000, $"{iterations} iterations");
        Assert.Equal(hash, Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, hash.Length));
    }
}
