using System.Net.Http.Headers;
using System.Text.Json;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.UserInfo;

/// <summary>
/// <c>/connect/userinfo</c> (OIDC Core §5.3) as a bearer-protected resource (RFC 6750): where the token may be sent,
/// the exact challenge of every failure, and which claims each scope releases.
/// </summary>
public sealed class UserInfoTests : IDisposable
{
    private const string User = "ui-user";
    private const string Email = "ui-user@example.com";
    private readonly IdentityHostFactory _factory = new();
    private readonly HttpClient _client;

    public UserInfoTests()
    {
        _factory.Settings["IdentityHost:Tokens:RefreshTokenReuseGrace"] = "00:00:02";
        // A service with no API scope: its token's only audience is this server, so the check that it has no user
        // is reached (a service token with API scopes already fails on its audience).
        IdentityHostFactory.AddClient(_factory.Settings, 10, "bare-service", "confidential", "bare-secret-value", ["client_credentials"], []);
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private async Task<TokenResult> SignInAsync(string scope, string username = User)
    {
        await _factory.CreateUserAsync(username, email: Email, roles: "reader");
        var result = await _client.PasswordAsync(username, scope: scope);
        Assert.Equal(200, result.Status);
        return result;
    }

    private async Task<string> UserIdAsync(string username = User)
    {
        string? id = null;
        await _factory.WithUserAsync(username, (_, user) => { id = user.Id; return Task.CompletedTask; });
        return id!;
    }

    private static void AssertInvalidToken(UserInfoResult result)
    {
        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_token", result.ChallengeError);
        Assert.True(result.ChallengeParameters.ContainsKey("error_description"));
        Assert.Equal("invalid_token", result.Body.GetProperty("error").GetString());
    }

    // ---- Success and claims by scope (OIDC Core §5.3.2, §5.4) ----

    [Fact]
    public async Task HeaderToken_ReturnsTheClaimsOfEveryGrantedScope()
    {
        var tokens = await SignInAsync("openid profile email roles");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.Equal("application/json", result.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await UserIdAsync(), result.Claim("sub"));
        Assert.Equal(User, result.Claim("name"));
        Assert.Equal(User, result.Claim("preferred_username"));
        Assert.Equal(Email, result.Claim("email"));
        Assert.True(result.Body.GetProperty("email_verified").GetBoolean());
        Assert.Equal(["reader"], result.Body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Sub_IsTheSubOfTheIdToken()
    {
        var tokens = await SignInAsync("openid");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        // OIDC Core §5.3.2: the sub in the UserInfo response MUST exactly match the sub in the ID Token.
        var idToken = new JsonWebToken(tokens.Body.GetProperty("id_token").GetString());
        Assert.Equal(idToken.Subject, result.Claim("sub"));
    }

    [Fact]
    public async Task OpenIdOnly_ReturnsSubAndNothingElse()
    {
        var tokens = await SignInAsync("openid");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.Equal(["sub"], result.Body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task EmailWithoutProfile_ReleasesNoProfileClaims()
    {
        var tokens = await SignInAsync("openid email");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(Email, result.Claim("email"));
        Assert.False(result.HasClaim("name"));
        Assert.False(result.HasClaim("preferred_username"));
        Assert.False(result.HasClaim("roles"));
    }

    [Fact]
    public async Task Success_IsNeverCached()
    {
        var tokens = await SignInAsync("openid profile");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.True(result.Response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task TokenWithApiScopesToo_IsAcceptedBecauseTheIssuerIsAnAudience()
    {
        var tokens = await SignInAsync("openid profile read:items");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.Equal(User, result.Claim("name"));
    }

    // ---- Where the token is sent (RFC 6750 §2) ----

    [Fact]
    public async Task Post_WithTheTokenInTheFormBody_Succeeds()
    {
        var tokens = await SignInAsync("openid profile");

        var result = await _client.SendUserInfoAsync(HttpMethod.Post, headerToken: null, bodyToken: tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.Equal(User, result.Claim("name"));
    }

    [Fact]
    public async Task Post_WithTheTokenInTheHeaderAndNoBody_Succeeds()
    {
        var tokens = await SignInAsync("openid");

        var result = await _client.SendUserInfoAsync(HttpMethod.Post, tokens.AccessToken);

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task TokenInHeaderAndBody_IsInvalidRequest()
    {
        var tokens = await SignInAsync("openid");

        var result = await _client.SendUserInfoAsync(HttpMethod.Post, tokens.AccessToken, bodyToken: tokens.AccessToken);

        // RFC 6750 §2: clients MUST NOT use more than one method; §3.1: invalid_request is 400.
        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.ChallengeError);
        Assert.Equal("invalid_request", result.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task TokenInTheQueryString_IsIgnored()
    {
        var tokens = await SignInAsync("openid");

        var result = await _client.SendUserInfoAsync(HttpMethod.Get, headerToken: null, path: $"{UserInfoRequests.Path}?access_token={tokens.AccessToken}");

        Assert.Equal(401, result.Status);
        Assert.Equal("Bearer", result.Challenge);
    }

    [Fact]
    public async Task TokenInAGetBody_IsIgnored()
    {
        var tokens = await SignInAsync("openid");

        // RFC 6750 §2.2: the form-encoded body method is not for GET.
        var result = await _client.SendUserInfoAsync(HttpMethod.Get, headerToken: null, bodyToken: tokens.AccessToken);

        Assert.Equal(401, result.Status);
        Assert.Equal("Bearer", result.Challenge);
    }

    [Fact]
    public async Task MissingToken_IsABareBearerChallenge()
    {
        var result = await _client.GetUserInfoAsync(null);

        // RFC 6750 §3.1: no authentication information → no error code or other error information.
        Assert.Equal(401, result.Status);
        Assert.Equal("Bearer", result.Challenge);
        Assert.Equal(JsonValueKind.Undefined, result.Body.ValueKind);
    }

    [Fact]
    public async Task OtherAuthorizationScheme_IsNoToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, UserInfoRequests.Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        var result = await UserInfoRequests.ReadAsync(await _client.SendAsync(request));

        Assert.Equal(401, result.Status);
        Assert.Equal("Bearer", result.Challenge);
    }

    [Fact]
    public async Task BearerSchemeInAnyCase_IsAccepted()
    {
        var tokens = await SignInAsync("openid");
        using var request = new HttpRequestMessage(HttpMethod.Get, UserInfoRequests.Path);
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + tokens.AccessToken);

        var result = await UserInfoRequests.ReadAsync(await _client.SendAsync(request));

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task OtherMethods_AreMethodNotAllowed()
    {
        var tokens = await SignInAsync("openid");

        var result = await _client.SendUserInfoAsync(HttpMethod.Put, tokens.AccessToken);

        Assert.Equal(405, result.Status);
        Assert.Equal(["GET", "POST"], result.Response.Content.Headers.Allow.SelectMany(a => a.Split(',', StringSplitOptions.TrimEntries)));
    }

    // ---- Invalid tokens: 401 invalid_token (RFC 6750 §3.1, OIDC Core §5.3.3) ----

    [Fact]
    public async Task GarbageToken_IsInvalidToken()
    {
        AssertInvalidToken(await _client.GetUserInfoAsync("not-a-jwt"));
    }

    [Fact]
    public async Task ExpiredToken_IsInvalidToken()
    {
        var tokens = await SignInAsync("openid");
        _factory.Clock.Advance(TimeSpan.FromMinutes(16)); // default lifetime 15 min, plus more than the 30 s skew

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        AssertInvalidToken(result);
        Assert.Contains("expired", result.ChallengeParameters["error_description"]);
    }

    [Fact]
    public async Task TokenJustBeforeExpiry_IsAccepted()
    {
        var tokens = await SignInAsync("openid");
        _factory.Clock.Advance(TimeSpan.FromMinutes(14));

        Assert.Equal(200, (await _client.GetUserInfoAsync(tokens.AccessToken)).Status);
    }

    [Fact]
    public async Task TokenSignedByAnotherKey_IsInvalidToken()
    {
        await SignInAsync("openid");
        var forged = MintedTokens.Sign(MintedTokens.StrangerKey(), _factory, MintedTokens.ValidClaims(await UserIdAsync()));

        AssertInvalidToken(await _client.GetUserInfoAsync(forged));
    }

    [Fact]
    public async Task UnsignedAlgNoneToken_IsInvalidToken()
    {
        await SignInAsync("openid");
        var unsigned = MintedTokens.Unsigned(MintedTokens.ValidClaims(await UserIdAsync()), _factory);

        AssertInvalidToken(await _client.GetUserInfoAsync(unsigned));
    }

    [Fact]
    public async Task Hs256KeyedWithThePublicKey_IsInvalidToken()
    {
        await SignInAsync("openid");
        var confused = MintedTokens.HmacWithPublicKey(_factory, MintedTokens.ValidClaims(await UserIdAsync()));

        AssertInvalidToken(await _client.GetUserInfoAsync(confused));
    }

    [Fact]
    public async Task MintedWithTheServerKey_IsAccepted_SoTheRejectionsBelowAreEachAboutOneRule()
    {
        await SignInAsync("openid");
        var token = MintedTokens.Sign(MintedTokens.ServerKey(_factory), _factory, MintedTokens.ValidClaims(await UserIdAsync()));

        Assert.Equal(200, (await _client.GetUserInfoAsync(token)).Status);
    }

    [Theory]
    [InlineData("http://localhost/", "http://localhost", "at+jwt", true)]   // issuer with a trailing slash
    [InlineData("http://evil.example", "http://localhost", "at+jwt", true)] // another issuer
    [InlineData("http://localhost", "resources", "at+jwt", true)]           // not for this server
    [InlineData("http://localhost", "http://localhost", "JWT", true)]       // RFC 9068 §4: not an access token (an id_token's typ)
    [InlineData("http://localhost", "http://localhost", "at+jwt", false)]   // no exp
    public async Task ServerSignedToken_BreakingOneRule_IsInvalidToken(string issuer, string audience, string type, bool expires)
    {
        await SignInAsync("openid");
        var token = MintedTokens.Sign(MintedTokens.ServerKey(_factory), _factory, MintedTokens.ValidClaims(await UserIdAsync()),
            issuer, audience, type, expires);

        AssertInvalidToken(await _client.GetUserInfoAsync(token));
    }

    [Fact]
    public async Task IdToken_IsNotAnAccessToken()
    {
        var tokens = await SignInAsync("openid profile");

        AssertInvalidToken(await _client.GetUserInfoAsync(tokens.Body.GetProperty("id_token").GetString()));
    }

    [Fact]
    public async Task TokenForAnApiOnly_IsInvalidToken_ForItsAudienceIsNotThisServer()
    {
        var tokens = await SignInAsync("read:items");

        AssertInvalidToken(await _client.GetUserInfoAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task TokenOfARevokedFamily_IsInvalidToken()
    {
        var tokens = await SignInAsync("openid offline_access");
        Assert.Equal(200, (await _client.GetUserInfoAsync(tokens.AccessToken)).Status);
        var rotated = await _client.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(200, rotated.Status);
        _factory.Clock.Advance(TimeSpan.FromSeconds(3)); // past the 2 s reuse grace

        // RFC 9700 §4.14.2: replaying the redeemed refresh token revokes the family, and with it this access token.
        Assert.Equal("invalid_grant", (await _client.RefreshAsync(tokens.RefreshToken!)).Error);
        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        AssertInvalidToken(result);
        Assert.Contains("revoked", result.ChallengeParameters["error_description"]);
        AssertInvalidToken(await _client.GetUserInfoAsync(rotated.AccessToken));
    }

    [Fact]
    public async Task TokenNamingAnAuthorizationThatDoesNotExist_IsInvalidToken()
    {
        await SignInAsync("openid");
        var claims = MintedTokens.ValidClaims(await UserIdAsync());
        claims["aid"] = Guid.NewGuid().ToString("N");

        AssertInvalidToken(await _client.GetUserInfoAsync(MintedTokens.Sign(MintedTokens.ServerKey(_factory), _factory, claims)));
    }

    [Fact]
    public async Task DeletedUser_IsInvalidToken()
    {
        var tokens = await SignInAsync("openid");
        await _factory.WithUserAsync(User, (users, user) => users.DeleteAsync(user));

        AssertInvalidToken(await _client.GetUserInfoAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task LockedOutUser_IsInvalidToken()
    {
        var tokens = await SignInAsync("openid");
        await _factory.WithUserAsync(User, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(1)));

        AssertInvalidToken(await _client.GetUserInfoAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task UserSignedOutEverywhere_EndsTheTokensOfItsFamilies()
    {
        var tokens = await SignInAsync("openid offline_access");
        await _factory.WithUserAsync(User, (users, user) => users.UpdateSecurityStampAsync(user));

        AssertInvalidToken(await _client.GetUserInfoAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task ClientCredentialsToken_HasNoUser_AndIsInvalidToken()
    {
        var service = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret));
        var bare = await _client.PostTokenAsync(Form(("grant_type", "client_credentials")), basic: ("bare-service", "bare-secret-value"));
        Assert.Equal(200, service.Status);
        Assert.Equal(200, bare.Status);

        AssertInvalidToken(await _client.GetUserInfoAsync(service.AccessToken));
        var result = await _client.GetUserInfoAsync(bare.AccessToken);
        AssertInvalidToken(result);
        Assert.Contains("user", result.ChallengeParameters["error_description"]);
    }

    // ---- Scope: 403 insufficient_scope (RFC 6750 §3.1) ----

    [Fact]
    public async Task TokenWithoutOpenId_IsInsufficientScope()
    {
        // No API scope, so this server is the audience: the token is valid, only openid is missing.
        var tokens = await SignInAsync("profile email");

        var result = await _client.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(403, result.Status);
        Assert.Equal("insufficient_scope", result.ChallengeError);
        Assert.Equal("openid", result.ChallengeParameters["scope"]);
        Assert.Equal("insufficient_scope", result.Body.GetProperty("error").GetString());
    }

    // ---- Discovery ----

    [Fact]
    public async Task Discovery_AdvertisesTheUserInfoEndpoint()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(IdentityHostFactory.Issuer + UserInfoRequests.Path, document.GetProperty("userinfo_endpoint").GetString());
    }
}
