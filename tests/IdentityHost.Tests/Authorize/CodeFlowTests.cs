using System.Net;
using System.Security.Cryptography;
using System.Text;
using IdentityHost.Protocol;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static IdentityHost.Tests.Infrastructure.CodeFlowClients;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Authorize;

/// <summary>
/// The authorization code flow end to end through the real pages and endpoints: RFC 6749 §4.1, PKCE (RFC 7636),
/// RFC 9207's iss, and OpenID Connect's id_token (OIDC Core §3.1).
/// </summary>
public sealed class CodeFlowTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithCodeFlowClients();
    private readonly HttpClient _browser;
    private readonly HttpClient _backChannel;
    private readonly string _verifier = NewVerifier();

    public CodeFlowTests()
    {
        _browser = _factory.CreateBrowser();
        _backChannel = _factory.CreateClient();
    }

    private string SpaAuthorizeUrl(string scope = "openid profile email offline_access read:items", params (string, string?)[] extra) =>
        AuthorizeUrl([("client_id", Spa), ("redirect_uri", SpaRedirect), ("response_type", "code"), ("scope", scope), ("state", "s-123"),
            ("nonce", "n-456"), ("code_challenge", Challenge(_verifier)), ("code_challenge_method", "S256"), .. extra]);

    private async Task<string> CodeAsync(string username, string? authorizeUrl = null)
    {
        var response = await BrowserFlow.AuthorizeAsync(_browser, authorizeUrl ?? SpaAuthorizeUrl(), username);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(SpaRedirect + "?", response.Headers.Location!.OriginalString);
        var parameters = RedirectParameters(response);
        Assert.Equal("s-123", parameters["state"]);
        Assert.Equal(IdentityHostFactory.Issuer, parameters["iss"]); // RFC 9207
        return parameters["code"];
    }

    private Task<TokenResult> ExchangeAsync(string code, string? verifier = "default", string clientId = Spa, string redirectUri = SpaRedirect) =>
        _backChannel.PostTokenAsync(Form(("grant_type", "authorization_code"), ("client_id", clientId), ("code", code),
            ("redirect_uri", redirectUri), ("code_verifier", verifier == "default" ? _verifier : verifier)));

    [Fact]
    public async Task CodeFlow_IssuesAccessIdAndRefreshTokens()
    {
        var user = await _factory.CreateUserAsync("cf-user", email: "cf-user@example.com");
        var code = await CodeAsync("cf-user");

        var tokens = await ExchangeAsync(code);

        Assert.Equal(200, tokens.Status);
        Assert.True(code.Length >= 43); // 256 random bits, base64url
        Assert.NotNull(tokens.RefreshToken);
        var access = new JsonWebToken(tokens.AccessToken);
        Assert.Equal(user.Id, access.Subject);
        Assert.Contains("resources", access.Audiences);
        Assert.Contains(IdentityHostFactory.Issuer, access.Audiences); // for userinfo

        var id = new JsonWebToken(tokens.Body.GetProperty("id_token").GetString());
        Assert.Equal("JWT", id.Typ);
        Assert.Equal(IdentityHostFactory.Issuer, id.Issuer);
        Assert.Equal([Spa], id.Audiences);
        Assert.Equal(user.Id, id.Subject);
        Assert.Equal("n-456", id.GetClaim("nonce").Value);
        Assert.False(string.IsNullOrEmpty(id.GetClaim("sid").Value));
        Assert.True(id.TryGetClaim("auth_time", out _));
        Assert.Equal("cf-user", id.GetClaim("preferred_username").Value);
        Assert.Equal("cf-user@example.com", id.GetClaim("email").Value);
        // OIDC Core §3.1.3.6: at_hash is the left half of SHA-256 of the access token.
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(tokens.AccessToken!));
        Assert.Equal(Base64UrlEncoder.Encode(hash, 0, 16), id.GetClaim("at_hash").Value);
    }

    [Fact]
    public async Task IdToken_HasNoProfileOrEmailClaimsWithoutThoseScopes()
    {
        await _factory.CreateUserAsync("cf-minimal", email: "cf-minimal@example.com");
        var code = await CodeAsync("cf-minimal", SpaAuthorizeUrl("openid read:items"));

        var id = new JsonWebToken((await ExchangeAsync(code)).Body.GetProperty("id_token").GetString());

        Assert.False(id.TryGetClaim("email", out _));
        Assert.False(id.TryGetClaim("preferred_username", out _));
    }

    [Fact]
    public async Task ReplayedCode_IsInvalidGrant_AndRevokesTheTokensIssuedFromIt()
    {
        await _factory.CreateUserAsync("cf-replay");
        var code = await CodeAsync("cf-replay");
        var first = await ExchangeAsync(code);

        _factory.Clock.Advance(TimeSpan.FromSeconds(3)); // past the reuse grace
        var replay = await ExchangeAsync(code);
        var refresh = await _backChannel.RefreshAsync(first.RefreshToken!, clientId: Spa);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal("invalid_grant", refresh.Error); // RFC 6749 §4.1.2
    }

    [Fact]
    public async Task CodeReusedWithinTheGrace_FailsButLeavesTheWinnersTokensAlive()
    {
        // A client's own retry racing its first exchange must not destroy what the first one got.
        await _factory.CreateUserAsync("cf-retry");
        var code = await CodeAsync("cf-retry");
        var first = await ExchangeAsync(code);

        var retry = await ExchangeAsync(code);
        var refresh = await _backChannel.RefreshAsync(first.RefreshToken!, clientId: Spa);

        Assert.Equal("invalid_grant", retry.Error);
        Assert.Equal(200, refresh.Status);
    }

    [Fact]
    public async Task ConcurrentRedemptionOfOneCode_HasExactlyOneWinner()
    {
        await _factory.CreateUserAsync("cf-race");
        var code = await CodeAsync("cf-race");
        ThreadPoolHeadroom.Ensure();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => ExchangeAsync(code))));

        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal("invalid_grant", r.Error));
    }

    [Fact]
    public async Task CodeOfAnotherClient_IsInvalidGrant()
    {
        await _factory.CreateUserAsync("cf-other-client");
        var code = await CodeAsync("cf-other-client");

        var stolen = await _backChannel.PostTokenAsync(Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SpaRedirect),
            ("code_verifier", _verifier)), basic: (Web, WebSecret));

        Assert.Equal("invalid_grant", stolen.Error);
    }

    [Fact]
    public async Task ExpiredCode_IsInvalidGrant()
    {
        await _factory.CreateUserAsync("cf-expired");
        var code = await CodeAsync("cf-expired");

        _factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var result = await ExchangeAsync(code);

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task DifferentRedirectUri_IsInvalidGrant_AndSpendsTheCode()
    {
        await _factory.CreateUserAsync("cf-redirect");
        var code = await CodeAsync("cf-redirect");

        var wrong = await ExchangeAsync(code, redirectUri: SpaLoopbackRedirect);
        var right = await ExchangeAsync(code);

        Assert.Equal("invalid_grant", wrong.Error);
        Assert.Equal("invalid_grant", right.Error);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(null)]
    public async Task WrongOrMissingVerifier_IsInvalidGrant_AndSpendsTheCode(string? verifierKind)
    {
        await _factory.CreateUserAsync("cf-verifier");
        var code = await CodeAsync("cf-verifier");

        var wrong = await ExchangeAsync(code, verifier: verifierKind is null ? null : NewVerifier());
        var right = await ExchangeAsync(code);

        Assert.Equal("invalid_grant", wrong.Error);
        // A failed verifier burns the code: whoever holds a leaked code gets one try, never a second.
        Assert.Equal("invalid_grant", right.Error);
    }

    [Fact]
    public async Task VerifierForACodeIssuedWithoutChallenge_IsInvalidGrant()
    {
        // RFC 9700 §4.8.2: a code_verifier with no challenge behind it means the code was injected.
        await _factory.CreateUserAsync("cf-no-challenge");
        var response = await BrowserFlow.AuthorizeAsync(_browser, AuthorizeUrl(("client_id", Web), ("redirect_uri", WebRedirect),
            ("response_type", "code"), ("scope", "openid"), ("state", "s")), "cf-no-challenge");
        var code = RedirectParameters(response)["code"];

        var result = await _backChannel.PostTokenAsync(Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", WebRedirect),
            ("code_verifier", _verifier)), basic: (Web, WebSecret));

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task ConfidentialClient_WithImplicitConsent_GetsACodeWithoutConsentPage_AndMustAuthenticate()
    {
        await _factory.CreateUserAsync("cf-web");
        await BrowserFlow.SignInAsync(_browser, "cf-web");
        var url = AuthorizeUrl(("client_id", Web), ("redirect_uri", WebRedirect), ("response_type", "code"), ("scope", "openid"), ("state", "s"));

        var response = await _browser.GetAsync(url);
        var code = RedirectParameters(response)["code"];
        var unauthenticated = await _backChannel.PostTokenAsync(Form(("grant_type", "authorization_code"), ("client_id", Web), ("code", code),
            ("redirect_uri", WebRedirect)));

        Assert.StartsWith(WebRedirect + "?", response.Headers.Location!.OriginalString);
        Assert.Equal(401, unauthenticated.Status);
        Assert.Equal("invalid_client", unauthenticated.Error);
    }

    [Fact]
    public async Task PromptNone_WithSessionAndConsent_ReturnsACodeSilently_AndWithoutConsent_IsConsentRequired()
    {
        await _factory.CreateUserAsync("cf-silent");
        await CodeAsync("cf-silent", SpaAuthorizeUrl("openid read:items"));

        var silent = await _browser.GetAsync(SpaAuthorizeUrl("openid read:items", ("prompt", "none")));
        var wider = await _browser.GetAsync(SpaAuthorizeUrl("openid profile read:items", ("prompt", "none")));

        Assert.True(RedirectParameters(silent).ContainsKey("code"));
        Assert.Equal("consent_required", RedirectParameters(wider)["error"]);
        Assert.Equal("s-123", RedirectParameters(wider)["state"]);
    }

    [Fact]
    public async Task PromptLogin_AsksForSignInAgainEvenWithASession()
    {
        await _factory.CreateUserAsync("cf-prompt-login");
        await CodeAsync("cf-prompt-login");

        var response = await _browser.GetAsync(SpaAuthorizeUrl(extra: ("prompt", "login")));

        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task MaxAge_OlderSessionIsSentToSignInAgain()
    {
        await _factory.CreateUserAsync("cf-max-age");
        await CodeAsync("cf-max-age");

        _factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var stale = await _browser.GetAsync(SpaAuthorizeUrl(extra: ("max_age", "60")));
        var fresh = await _browser.GetAsync(SpaAuthorizeUrl(extra: ("max_age", "600")));

        Assert.StartsWith("/account/login", stale.Headers.Location!.OriginalString);
        Assert.StartsWith(SpaRedirect, fresh.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Refresh_ReturnsANewIdTokenKeepingSubAndAuthTime()
    {
        await _factory.CreateUserAsync("cf-refresh");
        var tokens = await ExchangeAsync(await CodeAsync("cf-refresh"));
        var first = new JsonWebToken(tokens.Body.GetProperty("id_token").GetString());

        _factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await _backChannel.RefreshAsync(tokens.RefreshToken!, clientId: Spa);
        var second = new JsonWebToken(refreshed.Body.GetProperty("id_token").GetString());

        Assert.Equal(first.Subject, second.Subject);
        Assert.Equal(first.GetClaim("auth_time").Value, second.GetClaim("auth_time").Value);
        Assert.True(second.IssuedAt > first.IssuedAt);
        Assert.False(second.TryGetClaim("nonce", out _)); // OIDC Core §12.2
    }

    [Fact]
    public async Task ScopeParameterInCodeExchange_IsInvalidRequest()
    {
        await _factory.CreateUserAsync("cf-scope");
        var code = await CodeAsync("cf-scope");

        var result = await _backChannel.PostTokenAsync(Form(("grant_type", "authorization_code"), ("client_id", Spa), ("code", code),
            ("redirect_uri", SpaRedirect), ("code_verifier", _verifier), ("scope", "openid")));

        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Codes_AreStoredOnlyAsHashes()
    {
        await _factory.CreateUserAsync("cf-hash");
        var code = await CodeAsync("cf-hash");

        var stored = await TestStore.DumpAsync(_factory.Directory);

        Assert.DoesNotContain(code, stored);
        Assert.Contains(TokenHasher.Hash(code), stored); // the code's hash is what is stored
    }

    public void Dispose() => _factory.Dispose();
}
