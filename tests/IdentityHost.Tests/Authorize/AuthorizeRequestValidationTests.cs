using System.Net;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static IdentityHost.Tests.Infrastructure.CodeFlowClients;

namespace IdentityHost.Tests.Authorize;

/// <summary>
/// RFC 6749 §4.1.2.1: errors about the client or the redirect URI are shown here and never redirected; every other
/// error goes back to the redirect URI with state and iss (RFC 9207).
/// </summary>
public sealed class AuthorizeRequestValidationTests : IClassFixture<AuthorizeRequestValidationTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithCodeFlowClients();
    }

    private readonly HttpClient _client;
    private readonly string _challenge = Challenge(NewVerifier());

    public AuthorizeRequestValidationTests(Host factory) =>
        _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private (string, string?)[] Valid(params (string Name, string? Value)[] overrides)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = Spa, ["redirect_uri"] = SpaRedirect, ["response_type"] = "code", ["scope"] = "openid read:items",
            ["state"] = "xyz", ["code_challenge"] = _challenge, ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in overrides) parameters[name] = value;
        return parameters.Select(p => (p.Key, p.Value)).ToArray();
    }

    private async Task AssertErrorPageAsync(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Dictionary<string, string>> AssertErrorRedirectAsync(string url, string error, string expectedRedirect = SpaRedirect)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(expectedRedirect + "?", response.Headers.Location!.OriginalString);
        var parameters = RedirectParameters(response);
        Assert.Equal(error, parameters["error"]);
        Assert.Equal(IdentityHostFactory.Issuer, parameters["iss"]);
        Assert.True(parameters.ContainsKey("error_description"));
        return parameters;
    }

    [Fact]
    public Task UnknownClient_ShowsErrorPage() => AssertErrorPageAsync(AuthorizeUrl(Valid(("client_id", "nobody"))));

    [Fact]
    public Task MissingClientId_ShowsErrorPage() => AssertErrorPageAsync(AuthorizeUrl(Valid(("client_id", null))));

    [Fact]
    public Task MissingRedirectUri_ShowsErrorPage() => AssertErrorPageAsync(AuthorizeUrl(Valid(("redirect_uri", null))));

    [Theory]
    [InlineData("https://evil.example/callback")]
    [InlineData("https://app.example/callback/")]
    [InlineData("https://app.example/callback?x=1")]
    [InlineData("https://APP.example/callback")]
    [InlineData("http://127.0.0.1/other")]
    [InlineData("http://127.0.0.2/callback")]
    public Task UnregisteredOrMismatchedRedirectUri_ShowsErrorPage(string redirectUri) =>
        AssertErrorPageAsync(AuthorizeUrl(Valid(("redirect_uri", redirectUri))));

    [Fact]
    public Task DuplicatedRedirectUri_ShowsErrorPage() =>
        AssertErrorPageAsync(AuthorizeUrl(Valid()) + "&redirect_uri=" + Uri.EscapeDataString(SpaRedirect));

    [Fact]
    public Task DuplicatedClientId_ShowsErrorPage() => AssertErrorPageAsync(AuthorizeUrl(Valid()) + "&client_id=" + Spa);

    [Fact]
    public async Task LoopbackRedirectOnAnyPort_IsAccepted()
    {
        // RFC 8252 §7.3: the port of a loopback redirect is chosen by the app at run time.
        var response = await _client.GetAsync(AuthorizeUrl(Valid(("redirect_uri", "http://127.0.0.1:51234/callback"))));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task UnsupportedResponseType_RedirectsWithStateAndIss()
    {
        var parameters = await AssertErrorRedirectAsync(AuthorizeUrl(Valid(("response_type", "token"))), "unsupported_response_type");

        Assert.Equal("xyz", parameters["state"]);
    }

    [Fact]
    public Task MissingResponseType_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("response_type", null))), "invalid_request");

    [Fact]
    public Task UnsupportedResponseMode_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("response_mode", "fragment"))), "invalid_request");

    [Fact]
    public Task DuplicatedOtherParameter_IsInvalidRequestViaRedirect() => AssertErrorRedirectAsync(AuthorizeUrl(Valid()) + "&scope=openid", "invalid_request");

    [Fact]
    public async Task ClientWithoutCodeGrant_IsUnauthorizedClient()
    {
        var parameters = await AssertErrorRedirectAsync(
            AuthorizeUrl(Valid(("client_id", NoCodeGrant), ("redirect_uri", NoCodeGrantRedirect), ("scope", "openid"))),
            "unauthorized_client", NoCodeGrantRedirect);

        Assert.Equal("xyz", parameters["state"]);
    }

    [Theory]
    [InlineData("openid admin")]
    [InlineData("openid write:items")]
    [InlineData("unknown-scope")]
    public Task ScopeNotAllowed_IsInvalidScope(string scope) => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("scope", scope))), "invalid_scope");

    [Fact]
    public Task PublicClientWithoutPkce_IsInvalidRequest() =>
        AssertErrorRedirectAsync(AuthorizeUrl(Valid(("code_challenge", null), ("code_challenge_method", null))), "invalid_request");

    [Fact]
    public Task PlainPkceMethod_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("code_challenge_method", "plain"))), "invalid_request");

    [Fact]
    public Task MissingPkceMethod_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("code_challenge_method", null))), "invalid_request");

    [Theory]
    [InlineData("too-short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public Task MalformedChallenge_IsInvalidRequest(string challenge) =>
        AssertErrorRedirectAsync(AuthorizeUrl(Valid(("code_challenge", challenge))), "invalid_request");

    [Fact]
    public Task MethodWithoutChallenge_IsInvalidRequest() =>
        AssertErrorRedirectAsync(AuthorizeUrl(Valid(("client_id", Web), ("redirect_uri", WebRedirect), ("code_challenge", null))), "invalid_request", WebRedirect);

    [Fact]
    public Task ConfidentialClientRequiringPkce_WithoutChallenge_IsInvalidRequest() =>
        AssertErrorRedirectAsync(AuthorizeUrl(Valid(("client_id", WebPkce), ("redirect_uri", WebPkceRedirect), ("scope", "openid"),
            ("code_challenge", null), ("code_challenge_method", null))), "invalid_request", WebPkceRedirect);

    [Fact]
    public async Task ConfidentialClientNotRequiringPkce_MayOmitIt()
    {
        var response = await _client.GetAsync(AuthorizeUrl(Valid(("client_id", Web), ("redirect_uri", WebRedirect),
            ("code_challenge", null), ("code_challenge_method", null))));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public Task UnknownPrompt_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("prompt", "select_everything"))), "invalid_request");

    [Fact]
    public Task PromptNoneWithOthers_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("prompt", "none login"))), "invalid_request");

    [Fact]
    public Task MalformedMaxAge_IsInvalidRequest() => AssertErrorRedirectAsync(AuthorizeUrl(Valid(("max_age", "-5"))), "invalid_request");

    [Fact]
    public async Task PromptNoneWithoutSession_IsLoginRequired_NeverAPage()
    {
        var parameters = await AssertErrorRedirectAsync(AuthorizeUrl(Valid(("prompt", "none"))), "login_required");

        Assert.Equal("xyz", parameters["state"]);
    }

    [Fact]
    public async Task State_IsEchoedByteExact()
    {
        const string state = "a b&c=d/é+%25~\"<>";

        var parameters = await AssertErrorRedirectAsync(AuthorizeUrl(Valid(("prompt", "none"), ("state", state))), "login_required");

        Assert.Equal(state, parameters["state"]);
    }

    [Fact]
    public async Task NoSession_RedirectsToLoginWithALocalReturnUrlAndTheLoginHint()
    {
        var response = await _client.GetAsync(AuthorizeUrl(Valid(("login_hint", "alice@example.com"), ("prompt", "login"))));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login?", location);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location[location.IndexOf('?')..]);
        Assert.StartsWith("/connect/authorize?", query["ReturnUrl"].ToString());
        Assert.DoesNotContain("prompt=login", query["ReturnUrl"].ToString()); // else sign-in would be asked for forever
        Assert.Equal("alice@example.com", query["login_hint"].ToString());
    }

    [Fact]
    public async Task PostForm_IsValidatedLikeGet()
    {
        var response = await _client.PostAsync("/connect/authorize",
            new FormUrlEncodedContent(Valid(("prompt", "none")).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2!))));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("login_required", RedirectParameters(response)["error"]);
    }

    [Fact]
    public async Task OtherMethod_Is405()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Put, AuthorizeUrl(Valid())));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
