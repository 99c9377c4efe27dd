using System.Security.Cryptography;
using IdentityHost.Tests.Discovery;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// DESIGN.md §3 and §6: with no key configured, one is generated on first start, stored encrypted with Data
/// Protection, and used again after a restart.
/// </summary>
public sealed class SigningKeyPersistenceTests
{
    [Fact]
    public async Task GeneratedKey_AfterRestart_IsTheSameKeyAndOldTokensStillValidate()
    {
        using var first = new IdentityHostFactory();
        var firstClient = first.CreateClient();
        var token = await Jwks.ServiceAccessTokenAsync(firstClient);
        var kidsBefore = Kids(await Jwks.GetAsync(firstClient));
        using var restarted = IdentityHostFactory.InDirectory(first.Directory);
        var restartedClient = restarted.CreateClient();

        var jwksAfter = await Jwks.GetAsync(restartedClient);
        var tokenAfter = await Jwks.ServiceAccessTokenAsync(restartedClient);

        Assert.Equal(kidsBefore, Kids(jwksAfter));
        Jwks.AssertValid(await Jwks.ValidateAsync(token, jwksAfter.Keys, IdentityHostFactory.Issuer));
        Assert.Equal(new JsonWebToken(token).Kid, new JsonWebToken(tokenAfter).Kid);
    }

    [Fact]
    public async Task GeneratedKey_IsStoredEncrypted_NotAsAPrivateKey()
    {
        using var factory = new IdentityHostFactory();
        var jwks = await Jwks.GetAsync(factory.CreateClient());

        var stored = await StoredKeysAsync(factory.Directory);

        var (kid, protectedKey) = Assert.Single(stored);
        var published = Assert.Single(jwks.Keys, k => k.Kid == kid);
        Assert.DoesNotContain("PRIVATE KEY", protectedKey);
        Assert.False(protectedKey.StartsWith("MII", StringComparison.Ordinal), "looks like base64 DER (PKCS#8 or PKCS#1)");
        Assert.False(ImportsAsPrivateKey(protectedKey), "the stored value imports as a private key");
        // A plain PKCS#8 of an RSA key holds its modulus; ciphertext does not.
        var modulus = Base64UrlEncoder.DecodeBytes(published.N);
        Assert.False(Contains(DecodeAnyBase64(protectedKey) ?? [], modulus), "the stored value contains the key's modulus");
        Assert.DoesNotContain(Convert.ToBase64String(modulus)[..40], protectedKey);
    }

    [Fact]
    public async Task GeneratedKey_WithAnotherDataProtectionKeyRing_CannotBeReadOrPublished()
    {
        using var first = new IdentityHostFactory();
        var kidsBefore = Kids(await Jwks.GetAsync(first.CreateClient()));
        using var other = IdentityHostFactory.InDirectory(first.Directory);
        other.Settings["IdentityHost:DataProtection:KeysDirectory"] = Path.Combine(first.Directory, "other-dp-keys");

        var kidsWithOtherRing = Kids(await Jwks.GetAsync(other.CreateClient()));

        // The stored key is only usable with the key ring that encrypted it: it really is encrypted.
        Assert.NotEmpty(kidsWithOtherRing);
        Assert.Empty(kidsBefore.Intersect(kidsWithOtherRing));
    }

    private static List<string> Kids(JsonWebKeySet jwks) => jwks.Keys.Select(k => k.Kid).Order(StringComparer.Ordinal).ToList();

    private static async Task<List<(string Id, string ProtectedPrivateKey)>> StoredKeysAsync(string directory) =>
        (await TestStore.QueryRowsAsync(directory, """SELECT "Id", "ProtectedPrivateKey" FROM "SigningKeys" """))
            .Select(row => (row[0]!, row[1]!)).ToList();

    private static bool ImportsAsPrivateKey(string value)
    {
        if (DecodeAnyBase64(value) is not { } der) return false;
        foreach (var key in new AsymmetricAlgorithm[] { RSA.Create(), ECDsa.Create() })
        {
            using (key)
            {
                try
                {
                    key.ImportPkcs8PrivateKey(der, out _);
                    return true;
                }
                catch (CryptographicException)
                {
                }
            }
        }
        return false;
    }

    private static byte[]? DecodeAnyBase64(string value)
    {
        try { return Convert.FromBase64String(value); } catch (FormatException) { }
        try { return Base64UrlEncoder.DecodeBytes(value); } catch (FormatException) { }
        return null;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
