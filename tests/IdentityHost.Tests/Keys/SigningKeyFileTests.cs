using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityHost.Tests.Configuration;
using IdentityHost.Tests.Discovery;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// <c>IdentityHost:SigningKeys</c>: the algorithm of generated keys, or a PEM/PFX file that holds the key. Tokens
/// must be signed by exactly that key, and the JWKS must publish its public half.
/// </summary>
public sealed class SigningKeyFileTests : IDisposable
{
    private const string FilePassword = "file-password";
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public async Task Es256Algorithm_GeneratesAP256Key_AndTokensAreEs256()
    {
        _factory.Settings["IdentityHost:SigningKeys:Algorithm"] = "ES256";

        var (token, jwk) = await TokenAndItsKeyAsync();

        // RFC 7518 §3.4 / §6.2.1: ES256 is ECDSA over P-256 with 32-byte coordinates.
        Assert.Equal("ES256", new JsonWebToken(token).Alg);
        Assert.Equal("EC", jwk.Kty);
        Assert.Equal("P-256", jwk.Crv);
        Assert.Equal("ES256", jwk.Alg);
        Assert.Equal(32, Base64UrlEncoder.DecodeBytes(jwk.X).Length);
        Assert.Equal(32, Base64UrlEncoder.DecodeBytes(jwk.Y).Length);
        Jwks.AssertValid(await Jwks.ValidateAsync(token, [jwk], IdentityHostFactory.Issuer));
    }

    public static TheoryData<string> RsaPemFormats => new() { "pkcs8", "pkcs1", "encrypted-pkcs8" };

    [Theory]
    [MemberData(nameof(RsaPemFormats))]
    public async Task RsaPemFile_IsTheKeyThatSignsAndIsPublished(string format)
    {
        using var rsa = RSA.Create(2048);
        var pem = format switch
        {
            "pkcs8" => rsa.ExportPkcs8PrivateKeyPem(),
            "pkcs1" => rsa.ExportRSAPrivateKeyPem(),
            _ => rsa.ExportEncryptedPkcs8PrivateKeyPem(FilePassword,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)),
        };
        UseKeyFile("signing.pem", pem);
        if (format == "encrypted-pkcs8") _factory.Settings["IdentityHost:SigningKeys:Password"] = FilePassword;

        var (token, jwk) = await TokenAndItsKeyAsync();

        await AssertSignedByAsync(rsa, token, jwk);
    }

    [Fact]
    public async Task EcPemFile_IsTheKeyThatSignsAndIsPublished()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        UseKeyFile("signing.pem", ecdsa.ExportECPrivateKeyPem());

        var (token, jwk) = await TokenAndItsKeyAsync();

        var q = ecdsa.ExportParameters(false).Q;
        Assert.Equal(Base64UrlEncoder.Encode(q.X), jwk.X);
        Assert.Equal(Base64UrlEncoder.Encode(q.Y), jwk.Y);
        Assert.Equal("ES256", new JsonWebToken(token).Alg);
        Jwks.AssertValid(await Jwks.ValidateAsync(token, [new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(false))) { KeyId = jwk.Kid }],
            IdentityHostFactory.Issuer));
    }

    [Fact]
    public async Task PfxFile_WithPassword_IsTheKeyThatSignsAndIsPublished()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IdentityHost test signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        UseKeyFile("signing.pfx", certificate.Export(X509ContentType.Pkcs12, FilePassword));
        _factory.Settings["IdentityHost:SigningKeys:Password"] = FilePassword;

        var (token, jwk) = await TokenAndItsKeyAsync();

        await AssertSignedByAsync(rsa, token, jwk);
    }

    [Fact]
    public async Task KeyFile_AfterRestart_KeepsItsKid()
    {
        using var rsa = RSA.Create(2048);
        UseKeyFile("signing.pem", rsa.ExportPkcs8PrivateKeyPem());
        var (token, _) = await TokenAndItsKeyAsync();
        using var restarted = IdentityHostFactory.InDirectory(_factory.Directory);
        restarted.Settings["IdentityHost:SigningKeys:Path"] = _factory.Settings["IdentityHost:SigningKeys:Path"];

        var jwksAfter = await Jwks.GetAsync(restarted.CreateClient());

        // Resource servers cache keys by kid: the same key must keep the same kid.
        Assert.Contains(jwksAfter.Keys, k => k.Kid == new JsonWebToken(token).Kid);
        Jwks.AssertValid(await Jwks.ValidateAsync(token, jwksAfter.Keys, IdentityHostFactory.Issuer));
    }

    [Fact]
    public async Task KeyFile_ThatDoesNotExist_RefusesToStartNamingIt()
    {
        var path = Path.Combine(_factory.Directory, "missing.pem");
        _factory.Settings["IdentityHost:SigningKeys:Path"] = path;

        var message = await StartupFailure.OfAsync(_factory);

        Assert.Contains(path, message);
    }

    [Fact]
    public async Task EncryptedPemFile_WithWrongPassword_RefusesToStartNamingIt()
    {
        using var rsa = RSA.Create(2048);
        var path = UseKeyFile("signing.pem", rsa.ExportEncryptedPkcs8PrivateKeyPem(FilePassword,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        _factory.Settings["IdentityHost:SigningKeys:Password"] = "not-the-password";

        var message = await StartupFailure.OfAsync(_factory);

        Assert.Contains(path, message);
        Assert.DoesNotContain("not-the-password", message);
    }

    [Fact]
    public async Task KeyFile_WithAnUnsupportedCurve_RefusesToStart()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        UseKeyFile("signing.pem", ecdsa.ExportPkcs8PrivateKeyPem());

        var message = await StartupFailure.OfAsync(_factory);

        Assert.Contains("P-256", message);
    }

    [Fact]
    public async Task KeyFile_WithAnRsaKeyShorterThan2048Bits_RefusesToStart()
    {
        // RFC 7518 §3.3: a key of size 2048 bits or larger MUST be used with RS256.
        using var rsa = RSA.Create(1024);
        var path = UseKeyFile("signing.pem", rsa.ExportPkcs8PrivateKeyPem());

        var message = await StartupFailure.OfAsync(_factory);

        Assert.Contains(path, message);
        Assert.Contains("2048", message);
    }

    /// <summary>Signed by <paramref name="rsa"/>: the published modulus is its modulus and its public key verifies the token.</summary>
    private static async Task AssertSignedByAsync(RSA rsa, string token, JsonWebKey jwk)
    {
        var publicKey = rsa.ExportParameters(false);
        Assert.Equal("RSA", jwk.Kty);
        Assert.Equal(Base64UrlEncoder.Encode(publicKey.Modulus), jwk.N);
        Assert.Equal(Base64UrlEncoder.Encode(publicKey.Exponent), jwk.E);
        Assert.Equal("RS256", new JsonWebToken(token).Alg);
        Jwks.AssertValid(await Jwks.ValidateAsync(token, [new RsaSecurityKey(publicKey) { KeyId = jwk.Kid }], IdentityHostFactory.Issuer));
    }

    /// <summary>An access token and the published key its header's kid names.</summary>
    private async Task<(string Token, JsonWebKey Key)> TokenAndItsKeyAsync()
    {
        var client = _factory.CreateClient();
        var token = await Jwks.ServiceAccessTokenAsync(client);
        var jwks = await Jwks.GetAsync(client);
        return (token, Assert.Single(jwks.Keys, k => k.Kid == new JsonWebToken(token).Kid));
    }

    private string UseKeyFile(string name, string pem) => UseKeyFile(name, System.Text.Encoding.ASCII.GetBytes(pem));

    private string UseKeyFile(string name, byte[] contents)
    {
        var path = Path.Combine(_factory.Directory, name);
        File.WriteAllBytes(path, contents);
        _factory.Settings["IdentityHost:SigningKeys:Path"] = path;
        return path;
    }

    public void Dispose() => _factory.Dispose();
}
