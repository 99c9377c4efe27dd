using System.Net;
using System.Text.Json;
using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tests.Cors;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Introspection;
using IdentityHost.Tests.UserInfo;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.TokenRequests;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Revocation;

/// <summary>
/// <c>POST /connect/revoke</c> (RFC 7009): a refresh token ends its whole family, an access token has its <c>jti</c>
/// denied until it expires, a client never touches another client's tokens, and every answer is 200 — except a
/// storage failure, which is 503 and revokes nothing.
/// </summary>
public sealed class RevocationTests : IDisposable
{
    private const string SpaOrigin = "https://app.example";
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers().WithCodeFlowClients();
    private readonly HttpClient _client;

    public RevocationTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private async Task<TokenResult> SignInAsync(string username, string clientId = "public-app", string scope = "openid read:items offline_access",
        bool createUser = true)
    {
        if (createUser) await _factory.CreateUserAsync(username);
        var tokens = await _client.PasswordAsync(username, clientId: clientId, scope: scope);
        Assert.Equal(200, tokens.Status);
        return tokens;
    }

    /// <summary>A refresh token of the confidential client (password grant, HTTP Basic).</summary>
    private async Task<string> ConfidentialRefreshTokenAsync(string username)
    {
        await _factory.CreateUserAsync(username);
        var tokens = await _client.PostTokenAsync(Form(("grant_type", "password"), ("username", username), ("password", IdentityHostFactory.Password),
            ("scope", "read:items offline_access")), ("confidential-app", IdentityHostFactory.ConfidentialSecret));
        Assert.Equal(200, tokens.Status);
        return tokens.RefreshToken!;
    }

    private static void AssertRevokeAnswer(ProtocolResult result)
    {
        Assert.Equal(200, result.Status);
        Assert.Equal("", result.Text);
        Assert.Equal("no-store", result.CacheControl);
    }

    [Fact]
    public async Task Revoke_RefreshToken_EndsItAndEveryAccessTokenOfItsFamily()
    {
        var tokens = await SignInAsync("rv-refresh");
        Assert.Equal(200, (await _client.GetUserInfoAsync(tokens.AccessToken)).Status);
        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);

        AssertRevokeAnswer(await _client.RevokeAsync(tokens.RefreshToken, hint: "refresh_token"));

        Assert.Equal("invalid_grant", (await _client.RefreshAsync(tokens.RefreshToken!)).Error);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.RefreshToken)).Text);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
        var userInfo = await _client.GetUserInfoAsync(tokens.AccessToken);
        Assert.Equal(401, userInfo.Status);
        Assert.Equal("invalid_token", userInfo.ChallengeError);
    }

    [Fact]
    public async Task Revoke_RefreshTokenWithTheWrongHint_StillEndsTheFamily()
    {
        var tokens = await SignInAsync("rv-refresh-hint");

        AssertRevokeAnswer(await _client.RevokeAsync(tokens.RefreshToken, hint: "access_token"));

        Assert.Equal("invalid_grant", (await _client.RefreshAsync(tokens.RefreshToken!)).Error);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
    }

    [Fact]
    public async Task Revoke_AnOlderRotatedRefreshToken_EndsTheFamilyToo()
    {
        var tokens = await SignInAsync("rv-rotated");
        var rotated = await _client.RefreshAsync(tokens.RefreshToken!);

        AssertRevokeAnswer(await _client.RevokeAsync(tokens.RefreshToken));

        Assert.Equal("invalid_grant", (await _client.RefreshAsync(rotated.RefreshToken!)).Error);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(rotated.AccessToken)).Text);
    }

    [Fact]
    public async Task Revoke_AccessToken_DeniesItButNotTheUsersOtherTokens()
    {
        var first = await SignInAsync("rv-access");
        var second = await SignInAsync("rv-access", createUser: false);

        AssertRevokeAnswer(await _client.RevokeAsync(first.AccessToken, hint: "access_token"));

        Assert.Equal(Inactive, (await _client.IntrospectAsync(first.AccessToken)).Text);
        var userInfo = await _client.GetUserInfoAsync(first.AccessToken);
        Assert.Equal(401, userInfo.Status);
        Assert.Equal("invalid_token", userInfo.ChallengeError);
        // Only the one token: the other access token, and the refresh token of its own family, still work.
        Assert.Equal(200, (await _client.GetUserInfoAsync(second.AccessToken)).Status);
        Assert.True((await _client.IntrospectAsync(second.AccessToken)).Active);
        Assert.Equal(200, (await _client.RefreshAsync(first.RefreshToken!)).Status);
    }

    [Fact]
    public async Task Revoke_AccessTokenWithoutHint_StoresOnlyTheHashOfItsJti_UntilItWouldHaveExpired()
    {
        var tokens = await SignInAsync("rv-deny-row");
        var jwt = new JsonWebToken(tokens.AccessToken);

        AssertRevokeAnswer(await _client.RevokeAsync(tokens.AccessToken));

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        var denied = await db.Tokens.AsNoTracking().SingleAsync(t => t.Type == TokenTypes.AccessToken);
        Assert.Equal(TokenHasher.Hash(jwt.Id), denied.Hash);
        Assert.Equal(TokenStatuses.Revoked, denied.Status);
        Assert.Equal("public-app", denied.ClientId);
        Assert.Equal(jwt.Subject, denied.Subject);
        // Until exp plus the validator's clock skew: the deny entry outlives every moment the token could be accepted.
        Assert.Equal(jwt.ValidTo + TimeSpan.FromSeconds(30), DateTime.SpecifyKind(denied.ExpiresAt, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Revoke_ClientCredentialsAccessToken_ByItsConfidentialClient()
    {
        var service = ("service", IdentityHostFactory.ServiceSecret);
        var tokens = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")), service);
        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);

        AssertRevokeAnswer(await _client.RevokeAsync(tokens.AccessToken, basic: service));

        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
    }

    [Fact]
    public async Task Revoke_SameAccessTokenConcurrently_AllAnswer200()
    {
        ThreadPoolHeadroom.Ensure();
        var tokens = await SignInAsync("rv-concurrent");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.RevokeAsync(tokens.AccessToken)));

        Assert.All(results, AssertRevokeAnswer);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
    }

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("access_token")]
    public async Task Revoke_AnotherClientsToken_Answers200AndChangesNothing(string type)
    {
        var tokens = await SignInAsync("rv-other-" + type);
        var token = type == "refresh_token" ? tokens.RefreshToken : tokens.AccessToken;

        AssertRevokeAnswer(await _client.RevokeAsync(token, clientId: "other-app", hint: type));
        AssertRevokeAnswer(await _client.RevokeAsync(token, basic: ("confidential-app", IdentityHostFactory.ConfidentialSecret)));

        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);
        Assert.True((await _client.IntrospectAsync(tokens.RefreshToken)).Active);
        Assert.Equal(200, (await _client.GetUserInfoAsync(tokens.AccessToken)).Status);
    }

    public static TheoryData<string> UnknownTokens() => new()
    {
        "garbage",
        "not.a.jwt",
        WebEncoders.Base64UrlEncode(new byte[32]),
    };

    [Theory]
    [MemberData(nameof(UnknownTokens))]
    public async Task Revoke_UnknownToken_Answers200(string token)
    {
        AssertRevokeAnswer(await _client.RevokeAsync(token));
    }

    [Fact]
    public async Task Revoke_ForgedAccessToken_Answers200AndDeniesNothing()
    {
        var tokens = await SignInAsync("rv-forged");
        var claims = MintedTokens.ValidClaims(new JsonWebToken(tokens.AccessToken).Subject);
        claims["jti"] = new JsonWebToken(tokens.AccessToken).Id; // the real token's jti, under a stranger's signature
        var forged = MintedTokens.Sign(MintedTokens.StrangerKey(), _factory, claims);

        AssertRevokeAnswer(await _client.RevokeAsync(forged));

        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);
    }

    [Fact]
    public async Task Revoke_MissingToken_IsInvalidRequest()
    {
        var result = await _client.RevokeAsync(token: null);

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Revoke_BadClientAuthentication_Is401AndRevokesNothing()
    {
        var refreshToken = await ConfidentialRefreshTokenAsync("rv-bad-client");

        var result = await _client.RevokeAsync(refreshToken, basic: ("confidential-app", "wrong-secret"));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Equal("Basic", result.Response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.True((await _client.IntrospectAsync(refreshToken)).Active);
    }

    [Fact]
    public async Task Revoke_ConfidentialClientWithoutItsSecret_Is401()
    {
        var refreshToken = await ConfidentialRefreshTokenAsync("rv-no-secret");

        var result = await _client.RevokeAsync(refreshToken, clientId: "confidential-app");

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.True((await _client.IntrospectAsync(refreshToken)).Active);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Revoke_OtherMethods_Are405(string method)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), RevokePath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
        Assert.Equal("invalid_request", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoke_PreflightFromARegisteredOrigin_IsAllowed()
    {
        var allowed = await _client.PreflightAsync(RevokePath, SpaOrigin, "POST", "content-type");
        var stranger = await _client.PreflightAsync(RevokePath, "https://evil.example", "POST", "content-type");

        Assert.Equal(SpaOrigin, allowed.Header(CorsRequests.AllowOrigin));
        Assert.Null(stranger.Header(CorsRequests.AllowOrigin));
    }
}
