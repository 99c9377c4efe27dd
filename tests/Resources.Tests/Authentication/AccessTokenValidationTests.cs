using System.Net;
using Microsoft.IdentityModel.Tokens;
using Resources.Authorization;
using Resources.Tests.Infrastructure;

namespace Resources.Tests.Authentication;

/// <summary>RFC 6750 §3 and RFC 9068 §4: which bearer tokens the API accepts, and how it says no.</summary>
public sealed class AccessTokenValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string ItemsPath = "/items";
    private const string InvalidToken = "error=\"invalid_token\"";

    private static readonly AccessTokenSpec ValidReadToken = new() { Scope = Scopes.ReadItems };

    [Fact]
    public async Task GetItems_ValidToken_Returns200()
    {
        var response = await api.Client.GetWithTokenAsync(ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SameTokenAgain_AnsweredFromTheValidatedTokenCache_KeepsItsClaims()
    {
        var token = api.Issuer.CreateAccessToken(ValidReadToken);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetWithTokenAsync(ItemsPath, token)).StatusCode);

        var again = await api.Client.GetWithTokenAsync(ItemsPath, token);
        var write = await api.Client.PostJsonWithTokenAsync(ItemsPath, token, new { name = "not allowed" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode); // the scope claim came through the cache unchanged
        Assert.Contains("insufficient_scope", write.WwwAuthenticate());
    }

    [Fact]
    public async Task GetItems_WithoutToken_Returns401WithBareBearerChallenge()
    {
        var response = await api.Client.GetWithTokenAsync(ItemsPath, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // RFC 6750 §3.1: a request without credentials gets a challenge but no error code.
        Assert.Equal("Bearer", response.WwwAuthenticate());
    }

    [Fact]
    public async Task GetItems_GarbageToken_Returns401InvalidToken()
    {
        var response = await api.Client.GetWithTokenAsync(ItemsPath, "not-a-jwt");

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenExpiredBeyondTheClockSkew_Returns401InvalidToken()
    {
        // Two minutes late: past the 30 s skew allowed here, though within the library's 5-minute default.
        var expired = ValidReadToken with
        {
            IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-7),
            Lifetime = TimeSpan.FromMinutes(5),
        };

        var response = await api.Client.GetWithTokenAsync(ItemsPath, api.Issuer.CreateAccessToken(expired));

        AssertInvalidToken(response);
        Assert.Contains("expired", response.WwwAuthenticate());
    }

    [Fact]
    public async Task GetItems_TokenExpiredWithinTheClockSkew_Returns200()
    {
        var barelyExpired = ValidReadToken with
        {
            IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(-5),
            Lifetime = TimeSpan.FromMinutes(5),
        };

        var response = await api.Client.GetWithTokenAsync(ItemsPath, api.Issuer.CreateAccessToken(barelyExpired));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetItems_TokenWithoutExpiry_Returns401InvalidToken()
    {
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { Lifetime = null }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenForAnotherAudience_Returns401InvalidToken()
    {
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { Audience = "another-api" }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenWithoutAudience_Returns401InvalidToken()
    {
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { Audience = null }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenFromAnotherIssuer_Returns401InvalidToken()
    {
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { Issuer = "https://evil.example" }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_IssuerWithTrailingSlash_Returns401InvalidToken()
    {
        // The issuer is an identifier compared byte for byte, not a URL to normalize.
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { Issuer = api.Issuer.Issuer + "/" }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenFromTheIssuerADiscoveryDocumentClaims_Returns401UnlessItIsTheConfiguredAuthority()
    {
        // Only the configured authority is trusted as "iss", not whatever the fetched metadata says.
        const string claimedIssuer = "https://impostor.example";
        await using var issuer = await TestIssuer.StartAsync(advertisedIssuer: claimedIssuer);
        await using var factory = new ResourcesFactory(issuer.Issuer, api.DatabasePath);
        var client = factory.CreateClient();

        var asConfigured = await client.GetWithTokenAsync(ItemsPath, issuer.CreateAccessToken(ValidReadToken));
        var asClaimed = await client.GetWithTokenAsync(
            ItemsPath, issuer.CreateAccessToken(ValidReadToken with { Issuer = claimedIssuer }));

        Assert.Equal(HttpStatusCode.OK, asConfigured.StatusCode);
        AssertInvalidToken(asClaimed);
    }

    [Fact]
    public async Task GetItems_MetadataAddressOnLoopback_FetchesKeysThereForAnHttpsAuthority()
    {
        // The public issuer is https; the API reaches the same server on an internal loopback address.
        const string publicIssuer = "https://id.example.com";
        await using var issuer = await TestIssuer.StartAsync(advertisedIssuer: publicIssuer);
        await using var factory = new ResourcesFactory(publicIssuer, api.DatabasePath, new Dictionary<string, string?>
        {
            ["Resources:MetadataAddress"] = issuer.Issuer + TestIssuer.DiscoveryPath,
        });
        var client = factory.CreateClient();

        var response = await client.GetWithTokenAsync(
            ItemsPath, issuer.CreateAccessToken(ValidReadToken with { Issuer = publicIssuer }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(issuer.JwksRequests > 0);
    }

    [Fact]
    public async Task GetItems_TypJwtInsteadOfAtJwt_Returns401InvalidToken()
    {
        // RFC 9068 §4: an ID token or other JWT from the same issuer must not pass as an access token.
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { TokenType = "JWT" }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TypApplicationAtJwt_Returns200()
    {
        // RFC 9068 §4 names both spellings of the media type.
        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { TokenType = "application/at+jwt" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetItems_UnsignedAlgNoneToken_Returns401InvalidToken()
    {
        var token = api.Issuer.CreateAccessToken(ValidReadToken with { Unsigned = true });
        Assert.Contains("\"alg\":\"none\"", DecodeHeader(token));

        var response = await api.Client.GetWithTokenAsync(ItemsPath, token);

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_Hs256TokenKeyedWithThePublicRsaKey_Returns401InvalidToken()
    {
        // RFC 8725 §2.1: the key-confusion attack. The "secret" is public, carried under the published kid.
        var published = api.Issuer.CurrentKey;
        var confused = new SigningCredentials(
            new SymmetricSecurityKey(published.PublicKeyPemBytes) { KeyId = published.KeyId }, SecurityAlgorithms.HmacSha256);
        var token = api.Issuer.CreateAccessToken(ValidReadToken with { SigningCredentials = confused });
        Assert.Contains("\"alg\":\"HS256\"", DecodeHeader(token));

        var response = await api.Client.GetWithTokenAsync(ItemsPath, token);

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_PublishedKeyUsedWithAlgorithmOutsideTheAllowList_Returns401InvalidToken()
    {
        // The key is the right one; the algorithm is not on the list, so the token is refused anyway.
        var credentials = new SigningCredentials(api.Issuer.CurrentKey.SecurityKey, SecurityAlgorithms.RsaSsaPssSha512);

        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { SigningCredentials = credentials }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenSignedByUnpublishedKey_Returns401InvalidToken()
    {
        using var unknown = new TestSigningKey("not-published");

        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { SigningCredentials = unknown.Rs256 }));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task GetItems_TokenSignedByUnpublishedKeyUnderPublishedKid_Returns401InvalidToken()
    {
        using var impostor = new TestSigningKey(api.Issuer.CurrentKey.KeyId);

        var response = await api.Client.GetWithTokenAsync(
            ItemsPath, api.Issuer.CreateAccessToken(ValidReadToken with { SigningCredentials = impostor.Rs256 }));

        AssertInvalidToken(response);
    }

    private static void AssertInvalidToken(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.WwwAuthenticate();
        Assert.NotNull(challenge);
        Assert.StartsWith("Bearer ", challenge);
        Assert.Contains(InvalidToken, challenge);
    }

    private static string DecodeHeader(string jwt) => Base64UrlEncoder.Decode(jwt.Split('.')[0]);
}
