using System.Net;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.CodeFlowClients;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Native;

/// <summary>
/// A native app as AppAuth drives it (RFC 8252): the system browser does the authorization request, the app gets
/// the code on its loopback listener or private-use scheme, then exchanges it itself with its PKCE verifier.
/// </summary>
public sealed class NativeAppFlowTests : IDisposable
{
    /// <summary>A desktop app's ephemeral listener: any port, never registered (RFC 8252 §7.3).</summary>
    private const string LoopbackOnEphemeralPort = "http://127.0.0.1:53117/callback";

    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithNativeAppClient();
    private readonly HttpClient _browser;
    private readonly HttpClient _app;
    private readonly string _verifier = NewVerifier();

    public NativeAppFlowTests()
    {
        _browser = _factory.CreateBrowser();
        _app = _factory.CreateClient();
    }

    private string AuthorizeUrlFor(string redirectUri, bool withPkce = true) =>
        AuthorizeUrl(("client_id", NativeAppClient.ClientId), ("redirect_uri", redirectUri), ("response_type", "code"),
            ("scope", "openid profile offline_access read:items"), ("state", "app-state"), ("nonce", "app-nonce"),
            ("code_challenge", withPkce ? Challenge(_verifier) : null), ("code_challenge_method", withPkce ? "S256" : null));

    private Task<TokenResult> ExchangeAsync(string code, string redirectUri) =>
        _app.PostTokenAsync(Form(("grant_type", "authorization_code"), ("client_id", NativeAppClient.ClientId),
            ("code", code), ("redirect_uri", redirectUri), ("code_verifier", _verifier)));

    /// <summary>The code delivered to the app, after checking the response is for this request (state, RFC 9207 iss).</summary>
    private static string CodeDeliveredTo(string redirectUri, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(redirectUri + "?", response.Headers.Location!.OriginalString);
        var parameters = RedirectParameters(response);
        Assert.Equal("app-state", parameters["state"]);
        Assert.Equal(IdentityHostFactory.Issuer, parameters["iss"]);
        return parameters["code"];
    }

    [Fact]
    public async Task LoopbackRedirect_OnAnEphemeralPort_SignsInConsentsAndExchangesTheCode()
    {
        var user = await _factory.CreateUserAsync("native-user");

        // The system browser: login page, then consent (a native client is never consented silently the first time).
        var toLogin = await _browser.GetAsync(AuthorizeUrlFor(LoopbackOnEphemeralPort));
        Assert.StartsWith(BrowserFlow.LoginPath, toLogin.Headers.Location!.OriginalString);
        var signedIn = await BrowserFlow.SignInAsync(_browser, "native-user", returnUrl: BrowserFlow.ReturnUrlOf(toLogin));
        var toConsent = await BrowserFlow.FollowAsync(_browser, signedIn);
        Assert.StartsWith(BrowserFlow.ConsentPath, toConsent.Headers.Location!.OriginalString);
        var allowed = await BrowserFlow.ConsentAsync(_browser, toConsent.Headers.Location!.OriginalString, "allow");
        var code = CodeDeliveredTo(LoopbackOnEphemeralPort, await BrowserFlow.FollowAsync(_browser, allowed));

        // The app, on its own connection: the redirect_uri exactly as sent, port included (RFC 6749 §4.1.3).
        var tokens = await ExchangeAsync(code, LoopbackOnEphemeralPort);

        Assert.Equal(200, tokens.Status);
        Assert.Equal(user.Id, new JsonWebToken(tokens.AccessToken).Subject);
        var idToken = new JsonWebToken(tokens.Body.GetProperty("id_token").GetString());
        Assert.Equal([NativeAppClient.ClientId], idToken.Audiences);
        Assert.Equal("app-nonce", idToken.GetClaim("nonce").Value);
        Assert.NotNull(tokens.RefreshToken);
    }

    [Fact]
    public async Task PrivateUseSchemeRedirect_CompletesTheSameFlow()
    {
        await _factory.CreateUserAsync("mobile-user");

        var response = await BrowserFlow.AuthorizeAsync(_browser, AuthorizeUrlFor(NativeAppClient.PrivateUseRedirect), "mobile-user");
        var code = CodeDeliveredTo(NativeAppClient.PrivateUseRedirect, response);
        var tokens = await ExchangeAsync(code, NativeAppClient.PrivateUseRedirect);

        Assert.Equal(200, tokens.Status);
        Assert.NotNull(tokens.AccessToken);
    }

    [Fact]
    public async Task RefreshToken_IssuedToTheApp_CanBeRedeemedByIt()
    {
        await _factory.CreateUserAsync("native-refresh");
        var code = CodeDeliveredTo(LoopbackOnEphemeralPort,
            await BrowserFlow.AuthorizeAsync(_browser, AuthorizeUrlFor(LoopbackOnEphemeralPort), "native-refresh"));
        var tokens = await ExchangeAsync(code, LoopbackOnEphemeralPort);

        var refreshed = await _app.PostTokenAsync(Form(("grant_type", "refresh_token"), ("client_id", NativeAppClient.ClientId),
            ("refresh_token", tokens.RefreshToken!)));

        Assert.Equal(200, refreshed.Status);
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken); // rotated for a public client (RFC 9700 §4.14.2)
    }

    [Fact]
    public async Task CodeSentToOnePort_CannotBeExchangedNamingAnother()
    {
        await _factory.CreateUserAsync("native-port");
        var code = CodeDeliveredTo(LoopbackOnEphemeralPort,
            await BrowserFlow.AuthorizeAsync(_browser, AuthorizeUrlFor(LoopbackOnEphemeralPort), "native-port"));

        var tokens = await ExchangeAsync(code, "http://127.0.0.1:53118/callback");

        Assert.Equal(400, tokens.Status);
        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Theory]
    [InlineData("http://127.0.0.1:53117/other")] // another path: only the port may vary
    [InlineData("http://127.0.0.1:53117/callback/")] // not the same string
    [InlineData("http://localhost:53117/callback")] // RFC 8252 §8.3: the port exemption is for IP literals, and the host differs
    [InlineData("http://[::1]:53117/callback")] // another loopback address than the registered one
    [InlineData("http://app.example:53117/callback")] // not loopback: no port exemption, and not registered
    [InlineData("https://127.0.0.1:53117/callback")] // another scheme
    [InlineData("com.example.app:/other")] // private-use scheme with another path
    [InlineData("com.example.evil:/callback")] // another app's scheme
    public async Task UnregisteredRedirect_IsAnErrorPageNeverARedirect(string redirectUri)
    {
        var response = await _browser.GetAsync(AuthorizeUrlFor(redirectUri));

        // RFC 6749 §4.1.2.1: with an untrusted redirect URI, the user is told here and nothing is sent anywhere.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AuthorizationWithoutPkce_IsRefusedToTheNativeApp()
    {
        var response = await _browser.GetAsync(AuthorizeUrlFor(LoopbackOnEphemeralPort, withPkce: false));

        // RFC 8252 §6 / RFC 7636 §4.4.1: a public native client must use PKCE; the error goes back to the app.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var parameters = RedirectParameters(response);
        Assert.Equal("invalid_request", parameters["error"]);
        Assert.Equal("app-state", parameters["state"]);
        Assert.Equal(IdentityHostFactory.Issuer, parameters["iss"]);
    }

    public void Dispose()
    {
        _browser.Dispose();
        _app.Dispose();
        _factory.Dispose();
    }
}
