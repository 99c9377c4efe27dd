using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdentityHost.Configuration;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Keys;

/// <summary>
/// Loads the signing keys once at start-up: the configured PEM/PFX when there is one, otherwise keys generated on
/// first start and stored in the database encrypted with Data Protection. The newest key signs; all are published.
/// </summary>
public sealed partial class SigningKeyManager(
    IServiceScopeFactory scopes,
    IOptions<IdentityHostOptions> options,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    IHostEnvironment environment,
    ILogger<SigningKeyManager> logger)
{
    private const string ProtectorPurpose = "IdentityHost.SigningKeys.v1";
    private const int MinimumRsaKeyBits = 2048;
    private KeySet? _keys;

    private sealed record KeySet(SigningKey Current, IReadOnlyList<SigningKey> Published, string JwksJson);

    public bool IsLoaded => _keys is not null;
    public SigningKey Current => Keys.Current;
    public IReadOnlyList<SigningKey> Published => Keys.Published;
    /// <summary>The JWKS document (RFC 7517 §5), built once.</summary>
    public string JwksJson => Keys.JwksJson;

    private KeySet Keys => _keys ?? throw new InvalidOperationException("Signing keys are not loaded yet.");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.SigningKeys;
        List<SigningKey> keys;
        if (!string.IsNullOrEmpty(settings.Path))
        {
            keys = [LoadFromFile(settings.Path, settings.Password)];
            LogKeyLoadedFromFile(logger, keys[0].KeyId, settings.Path);
        }
        else
        {
            keys = await LoadOrGenerateStoredKeysAsync(settings.Algorithm, cancellationToken);
        }

        var ordered = keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToList();
        var jwks = new JsonObject { ["keys"] = new JsonArray(ordered.Select(k => (JsonNode)k.PublicJwk.DeepClone()).ToArray()) };
        _keys = new KeySet(ordered[0], ordered, jwks.ToJsonString());
    }

    private async Task<List<SigningKey>> LoadOrGenerateStoredKeysAsync(string algorithm, CancellationToken cancellationToken)
    {
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();

        var keys = Unprotect(await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken), protector);
        if (keys.Count > 0)
        {
            return keys;
        }

        var generated = Generate(algorithm);
        db.SigningKeys.Add(new SigningKeyEntity
        {
            Id = generated.Key.KeyId,
            Algorithm = algorithm,
            ProtectedPrivateKey = protector.Protect(Convert.ToBase64String(generated.Pkcs8)),
            CreatedAt = generated.Key.CreatedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (environment.IsDevelopment())
            LogGeneratedKey(logger, generated.Key.KeyId, algorithm);
        else
            LogGeneratedKeyOutsideDevelopment(logger, generated.Key.KeyId, algorithm);

        // Another instance may have generated one at the same moment: publish whatever the store now holds.
        return Unprotect(await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken), protector);
    }

    private List<SigningKey> Unprotect(List<SigningKeyEntity> stored, IDataProtector protector)
    {
        var keys = new List<SigningKey>();
        foreach (var entity in stored)
        {
            try
            {
                var pkcs8 = Convert.FromBase64String(protector.Unprotect(entity.ProtectedPrivateKey));
                keys.Add(FromPkcs8(entity.Algorithm, pkcs8, entity.CreatedAt));
            }
            catch (CryptographicException)
            {
                // The Data Protection key ring that encrypted it is gone; the key cannot be used or published.
                LogKeyUnreadable(logger, entity.Id);
            }
        }
        return keys;
    }

    private (SigningKey Key, byte[] Pkcs8) Generate(string algorithm)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (algorithm == SigningAlgorithms.ES256)
        {
            var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return (SigningKey.FromECDsa(ecdsa, now), ecdsa.ExportPkcs8PrivateKey());
        }
        var rsa = RSA.Create(2048);
        return (SigningKey.FromRsa(rsa, now), rsa.ExportPkcs8PrivateKey());
    }

    private static SigningKey FromPkcs8(string algorithm, byte[] pkcs8, DateTime createdAt)
    {
        if (algorithm == SigningAlgorithms.ES256)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return SigningKey.FromECDsa(ecdsa, createdAt);
        }
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return SigningKey.FromRsa(rsa, createdAt);
    }

    private SigningKey LoadFromFile(string path, string? password)
    {
        var key = ReadKeyFile(path, password);
        // RFC 7518 §3.3: a key of size 2048 bits or larger MUST be used with RS256.
        if (key.Algorithm == SecurityAlgorithms.RsaSha256 && key.Credentials.Key.KeySize < MinimumRsaKeyBits)
        {
            throw new InvalidOperationException(
                $"IdentityHost:SigningKeys:Path '{path}' holds a {key.Credentials.Key.KeySize}-bit RSA key; RS256 needs at least {MinimumRsaKeyBits} bits.");
        }
        return key;
    }

    private SigningKey ReadKeyFile(string path, string? password)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            if (certificate.GetRSAPrivateKey() is { } rsaKey) return SigningKey.FromRsa(rsaKey, now);
            if (certificate.GetECDsaPrivateKey() is { } ecKey) return SigningKey.FromECDsa(ecKey, now);
            throw new InvalidOperationException($"IdentityHost:SigningKeys:Path '{path}' holds no RSA or EC private key.");
        }

        var pem = File.ReadAllText(path);
        var encrypted = pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal);
        var rsa = RSA.Create();
        if (TryImport(rsa, pem, password, encrypted)) return SigningKey.FromRsa(rsa, now);
        var ecdsa = ECDsa.Create();
        if (TryImport(ecdsa, pem, password, encrypted)) return SigningKey.FromECDsa(ecdsa, now);
        throw new InvalidOperationException($"IdentityHost:SigningKeys:Path '{path}' is not a PEM RSA or EC private key (or its password is wrong).");
    }

    private static bool TryImport(AsymmetricAlgorithm key, string pem, string? password, bool encrypted)
    {
        try
        {
            if (encrypted) key.ImportFromEncryptedPem(pem, password ?? "");
            else key.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return false;
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Signing key {KeyId} loaded from {Path}.")]
    private static partial void LogKeyLoadedFromFile(ILogger logger, string keyId, string path);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Generated development signing key {KeyId} ({Algorithm}), stored encrypted in the database.")]
    private static partial void LogGeneratedKey(ILogger logger, string keyId, string algorithm);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "NO SIGNING KEY CONFIGURED: generated {KeyId} ({Algorithm}) and stored it encrypted in the database. Set IdentityHost:SigningKeys:Path to a PEM or PFX in production, and keep the Data Protection key ring safe.")]
    private static partial void LogGeneratedKeyOutsideDevelopment(ILogger logger, string keyId, string algorithm);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Stored signing key {KeyId} cannot be decrypted with the current Data Protection key ring; it is ignored.")]
    private static partial void LogKeyUnreadable(ILogger logger, string keyId);
}
