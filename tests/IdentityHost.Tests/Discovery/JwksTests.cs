using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityHost.Tests.Discovery;

/// <summary><c>/.well-known/jwks</c> (RFC 7517 §5): the public signing keys, and only their public parts.</summary>
public sealed class JwksTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    /// <summary>RFC 7518 §6.2.2 (EC d), §6.3.2 (RSA d, p, q, dp, dq, qi, oth), §6.4 (symmetric k).</summary>
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Jwks_EveryKey_IsASigningKeyWithKidAndAlg_AndHasNoPrivateMembers()
    {
        var response = await _client.GetAsync(Jwks.Path);
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().ToList();

        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kty").GetString()));
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.False(string.IsNullOrEmpty(key.GetProperty("alg").GetString()));
            Assert.All(PrivateMembers, member => Assert.False(key.TryGetProperty(member, out _), $"JWK publishes private member '{member}'"));
        }
        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Jwks_IsServedAsJwkSetAndPubliclyCacheable()
    {
        var response = await _client.GetAsync(Jwks.Path);

        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType); // RFC 7517 §8.5.1
        CacheControlAssert.PubliclyCacheable(response.Headers.CacheControl);
    }

    [Fact]
    public async Task AccessToken_KidIsPublished_AndTokenValidatesAgainstTheJwks()
    {
        var token = await Jwks.ServiceAccessTokenAsync(_client);
        var jwks = await Jwks.GetAsync(_client);

        var header = new JsonWebToken(token);
        var key = Assert.Single(jwks.Keys, k => k.Kid == header.Kid);
        Assert.Equal(key.Alg, header.Alg);
        Jwks.AssertValid(await Jwks.ValidateAsync(token, jwks.Keys, IdentityHostFactory.Issuer));
    }

    [Theory]
    [InlineData(IdentityHostFactory.Issuer + "/")]
    [InlineData("https://localhost")]
    public async Task AccessToken_ValidatedAgainstAnotherIssuerString_IsRejected(string otherIssuer)
    {
        var token = await Jwks.ServiceAccessTokenAsync(_client);
        var jwks = await Jwks.GetAsync(_client);

        var result = await Jwks.ValidateAsync(token, jwks.Keys, otherIssuer);

        Assert.False(result.IsValid);
    }
}
