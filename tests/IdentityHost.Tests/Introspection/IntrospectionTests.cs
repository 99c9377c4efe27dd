using System.Net;
using System.Text.Json;
using IdentityHost.Configuration;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.UserInfo;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.CodeFlowClients;
using static IdentityHost.Tests.Infrastructure.TokenRequests;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Introspection;

/// <summary>
/// <c>POST /connect/introspect</c> (RFC 7662): who may ask, what an active token reports, and that everything else —
/// expired, revoked, unknown, garbage, derived from a replayed code, its user gone — is exactly <c>{"active":false}</c>.
/// </summary>
public sealed class IntrospectionTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers().WithCodeFlowClients();
    private readonly HttpClient _client;

    public IntrospectionTests()
    {
        _factory.Settings["IdentityHost:Tokens:RefreshTokenReuseGrace"] = "00:00:02";
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private async Task<(TokenResult Tokens, string UserId)> SignInAsync(string username, string scope = "openid read:items offline_access")
    {
        var user = await _factory.CreateUserAsync(username);
        var tokens = await _client.PasswordAsync(username, scope: scope);
        Assert.Equal(200, tokens.Status);
        return (tokens, user.Id);
    }

    private static long UnixTime(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeSeconds();

    [Fact]
    public async Task Introspect_ActiveUserAccessToken_ReportsItsFacts()
    {
        var (tokens, userId) = await SignInAsync("in-user");
        var jwt = new JsonWebToken(tokens.AccessToken);

        var result = await _client.IntrospectAsync(tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.True(result.Active);
        Assert.Equal("offline_access openid read:items", result.Member("scope"));
        Assert.Equal("public-app", result.Member("client_id"));
        Assert.Equal(userId, result.Member("sub"));
        Assert.Equal(UnixTime(jwt.ValidTo), result.Body.GetProperty("exp").GetInt64());
        Assert.Equal(UnixTime(jwt.IssuedAt), result.Body.GetProperty("iat").GetInt64());
        Assert.Equal(IdentityHostFactory.Issuer, result.Member("iss"));
        Assert.Equal(jwt.Audiences.Order(), result.Body.GetProperty("aud").EnumerateArray().Select(a => a.GetString()!).Order());
        Assert.Equal("Bearer", result.Member("token_type"));
    }

    [Fact]
    public async Task Introspect_ClientCredentialsToken_IsActive()
    {
        var tokens = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            ("service", IdentityHostFactory.ServiceSecret));

        var result = await _client.IntrospectAsync(tokens.AccessToken);

        Assert.True(result.Active);
        Assert.Equal("client:service", result.Member("sub"));
        Assert.Equal("service", result.Member("client_id"));
        Assert.Equal("read:items", result.Member("scope"));
        Assert.Equal("resources", result.Member("aud"));
    }

    [Fact]
    public async Task Introspect_ApiOnlyAccessToken_IsActive()
    {
        var (tokens, _) = await SignInAsync("in-api-only", scope: "read:items");
        // Not for this server: userinfo refuses it on its audience, introspection still speaks about it.
        Assert.Equal(["resources"], new JsonWebToken(tokens.AccessToken).Audiences);
        Assert.Equal(401, (await _client.GetUserInfoAsync(tokens.AccessToken)).Status);

        var result = await _client.IntrospectAsync(tokens.AccessToken);

        Assert.True(result.Active);
        Assert.Equal("resources", result.Member("aud"));
        Assert.Equal("read:items", result.Member("scope"));
    }

    [Fact]
    public async Task Introspect_ActiveRefreshToken_ReportsItsFacts()
    {
        var (tokens, userId) = await SignInAsync("in-refresh");
        var issuedAt = _factory.Clock.GetUtcNow().ToUnixTimeSeconds();

        var result = await _client.IntrospectAsync(tokens.RefreshToken);

        Assert.Equal(200, result.Status);
        Assert.True(result.Active);
        Assert.Equal("refresh_token", result.Member("token_type"));
        Assert.Equal("public-app", result.Member("client_id"));
        Assert.Equal(userId, result.Member("sub"));
        Assert.Equal("offline_access openid read:items", result.Member("scope"));
        Assert.Equal(IdentityHostFactory.Issuer, result.Member("iss"));
        Assert.Equal(IdentityHostFactory.Issuer, result.Member("aud"));
        Assert.Equal(issuedAt, result.Body.GetProperty("iat").GetInt64());
        // The default sliding lifetime: 14 days.
        Assert.Equal(issuedAt + (long)TimeSpan.FromDays(14).TotalSeconds, result.Body.GetProperty("exp").GetInt64());
    }

    [Theory]
    [InlineData("access", "refresh_token")]
    [InlineData("refresh", "access_token")]
    [InlineData("access", "id_token")]
    [InlineData("refresh", "unknown_type")]
    public async Task Introspect_WrongHint_StillFindsTheToken(string which, string hint)
    {
        var (tokens, _) = await SignInAsync("in-hint");
        var token = which == "access" ? tokens.AccessToken : tokens.RefreshToken;

        var result = await _client.IntrospectAsync(token, hint);

        Assert.True(result.Active);
        Assert.Equal(which == "access" ? "Bearer" : "refresh_token", result.Member("token_type"));
    }

    [Fact]
    public async Task Introspect_ExpiredAccessToken_IsExactlyInactive()
    {
        var (tokens, _) = await SignInAsync("in-expired-at");
        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);

        // 15 minutes of lifetime and 30 s of clock skew.
        _factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var result = await _client.IntrospectAsync(tokens.AccessToken);

        Assert.Equal(200, result.Status);
        Assert.Equal(Inactive, result.Text);
        Assert.True((await _client.IntrospectAsync(tokens.RefreshToken)).Active); // only the access token expired
    }

    [Fact]
    public async Task Introspect_ExpiredRefreshToken_IsExactlyInactive()
    {
        var (tokens, _) = await SignInAsync("in-expired-rt");

        _factory.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        var result = await _client.IntrospectAsync(tokens.RefreshToken);

        Assert.Equal(Inactive, result.Text);
    }

    public static TheoryData<string> NotTokens() => new()
    {
        "garbage",
        "not.a.jwt",
        "eyJhbGciOiJub25lIn0.e30.",
        WebEncoders.Base64UrlEncode(new byte[32]), // shaped like a refresh token, never issued
    };

    [Theory]
    [MemberData(nameof(NotTokens))]
    public async Task Introspect_GarbageOrUnknownToken_IsExactlyInactive(string token)
    {
        var result = await _client.IntrospectAsync(token);

        Assert.Equal(200, result.Status);
        Assert.Equal(Inactive, result.Text);
    }

    [Fact]
    public async Task Introspect_TokenSignedByAStranger_IsExactlyInactive()
    {
        var (tokens, userId) = await SignInAsync("in-forged");
        var forged = MintedTokens.Sign(MintedTokens.StrangerKey(), _factory, MintedTokens.ValidClaims(userId));

        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(forged)).Text);
    }

    [Fact]
    public async Task Introspect_RevokedFamily_BothTokenTypesAreExactlyInactive()
    {
        var (tokens, _) = await SignInAsync("in-family");
        var rotated = await _client.RefreshAsync(tokens.RefreshToken!);
        Assert.True((await _client.IntrospectAsync(rotated.AccessToken)).Active);
        Assert.True((await _client.IntrospectAsync(rotated.RefreshToken)).Active);

        // RFC 9700 §4.14.2: the redeemed token presented again after the grace ends the family.
        _factory.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("invalid_grant", (await _client.RefreshAsync(tokens.RefreshToken!)).Error);

        Assert.Equal(Inactive, (await _client.IntrospectAsync(rotated.AccessToken)).Text);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(rotated.RefreshToken)).Text);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
    }

    [Fact]
    public async Task Introspect_RedeemedRefreshToken_IsExactlyInactive()
    {
        var (tokens, _) = await SignInAsync("in-redeemed");

        Assert.Equal(200, (await _client.RefreshAsync(tokens.RefreshToken!)).Status);

        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.RefreshToken)).Text);
    }

    [Fact]
    public async Task Introspect_TokensFromAReplayedCode_AreExactlyInactive()
    {
        await _factory.CreateUserAsync("in-code");
        var verifier = NewVerifier();
        var browser = _factory.CreateBrowser();
        var authorize = AuthorizeUrl(("client_id", Spa), ("redirect_uri", SpaRedirect), ("response_type", "code"),
            ("scope", "openid offline_access read:items"), ("state", "s"), ("code_challenge", Challenge(verifier)), ("code_challenge_method", "S256"));
        var code = RedirectParameters(await BrowserFlow.AuthorizeAsync(browser, authorize, "in-code"))["code"];
        var exchange = Form(("grant_type", "authorization_code"), ("client_id", Spa), ("code", code), ("redirect_uri", SpaRedirect), ("code_verifier", verifier));
        var tokens = await _client.PostTokenAsync(exchange);
        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);
        Assert.True((await _client.IntrospectAsync(tokens.RefreshToken)).Active);

        // RFC 6749 §4.1.2: a code used twice (after the reuse grace) revokes what was issued from it.
        _factory.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("invalid_grant", (await _client.PostTokenAsync(exchange)).Error);

        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.RefreshToken)).Text);
    }

    [Theory]
    [InlineData("locked")]
    [InlineData("stamp-changed")]
    [InlineData("deleted")]
    public async Task Introspect_TokensOfAUserNoLongerActive_AreExactlyInactive(string change)
    {
        var username = "in-user-" + change;
        var (tokens, _) = await SignInAsync(username);
        Assert.True((await _client.IntrospectAsync(tokens.AccessToken)).Active);

        await _factory.WithUserAsync(username, (users, user) => change switch
        {
            "locked" => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue),
            "stamp-changed" => users.UpdateSecurityStampAsync(user),
            _ => users.DeleteAsync(user),
        });

        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.AccessToken)).Text);
        Assert.Equal(Inactive, (await _client.IntrospectAsync(tokens.RefreshToken)).Text);
    }

    [Fact]
    public async Task Introspect_ClientSecretPost_IsAcceptedToo()
    {
        var (tokens, _) = await SignInAsync("in-post");

        var result = await _client.PostFormAsync(IntrospectPath,
            [("token", tokens.AccessToken), ("client_id", ResourceServer), ("client_secret", ResourceServerSecret)], basic: null);

        Assert.True(result.Active);
    }

    [Fact]
    public async Task Introspect_ConfidentialClientWithoutThePermission_IsForbidden()
    {
        var (tokens, _) = await SignInAsync("in-no-permission");

        var result = await _client.IntrospectAsync(tokens.AccessToken, basic: (NoPermission, NoPermissionSecret));

        Assert.Equal(403, result.Status);
        Assert.Equal("unauthorized_client", result.Error);
        Assert.DoesNotContain("active", result.Text);
    }

    [Fact]
    public async Task Introspect_PublicClient_IsRefusedAsInvalidClient()
    {
        var (tokens, _) = await SignInAsync("in-public");

        var result = await _client.PostFormAsync(IntrospectPath, [("token", tokens.AccessToken), ("client_id", "public-app")], basic: null);

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task Introspect_WrongSecret_Is401WithABasicChallenge()
    {
        var (tokens, _) = await SignInAsync("in-wrong-secret");

        var result = await _client.IntrospectAsync(tokens.AccessToken, basic: (ResourceServer, "wrong-secret"));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Equal("Basic", result.Response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Introspect_NoClientAuthentication_Is401()
    {
        var result = await _client.PostFormAsync(IntrospectPath, [("token", "anything")], basic: null);

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task Introspect_MissingToken_IsInvalidRequest()
    {
        var result = await _client.IntrospectAsync(token: null);

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task Introspect_OtherMethods_Are405(string method)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), IntrospectPath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
        Assert.Equal("invalid_request", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Introspect_ActiveAndInactiveAnswers_AreNeverCached()
    {
        var (tokens, _) = await SignInAsync("in-no-store");

        var active = await _client.IntrospectAsync(tokens.AccessToken);
        var inactive = await _client.IntrospectAsync("garbage");

        Assert.Equal("no-store", active.CacheControl);
        Assert.Equal("no-store", inactive.CacheControl);
        Assert.Equal("application/json; charset=utf-8", active.Response.Content.Headers.ContentType!.ToString(), ignoreCase: true);
    }

    [Fact]
    public async Task Discovery_AnnouncesIntrospectionAndRevocation()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(IdentityHostFactory.Issuer + IntrospectPath, document.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(IdentityHostFactory.Issuer + RevokePath, document.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["client_secret_basic", "client_secret_post"],
            document.GetProperty("introspection_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"],
            document.GetProperty("revocation_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public void Registration_PublicClientWithTheIntrospectionPermission_IsRefused()
    {
        var client = new ClientOptions
        {
            ClientId = "public-introspector", Type = "public", GrantTypes = ["password"], Permissions = ["introspection"],
        };

        var problems = ClientRegistrationRules.Validate(client, new HashSet<string>()).ToList();

        Assert.Contains(problems, p => p.Contains("public client cannot have the 'introspection' permission"));
    }
}
