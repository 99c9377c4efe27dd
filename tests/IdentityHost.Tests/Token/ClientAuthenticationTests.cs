using System.Net.Http.Headers;
using System.Text;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Token;

/// <summary>RFC 6749 §2.3: client authentication at the token endpoint.</summary>
public sealed class ClientAuthenticationTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _client = factory.CreateClient();
    private static readonly (string, string)[] ClientCredentials = [("grant_type", "client_credentials")];

    [Fact]
    public async Task Token_ClientSecretBasic_WithFormEncodedSpecialCharacters_Authenticates()
    {
        // RFC 6749 Appendix B: the secret's ':', '+', '%', '/', '&', '=' and non-ASCII survive form-encoding in Basic.
        var result = await _client.PostTokenAsync(ClientCredentials, basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, result.Status);
        Assert.NotNull(result.AccessToken);
    }

    [Fact]
    public async Task Token_ClientSecretPost_Authenticates()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"),
            ("client_id", "service"), ("client_secret", IdentityHostFactory.ServiceSecret)));

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Token_BasicWithWrongSecret_Returns401WithBasicChallenge()
    {
        var result = await _client.PostTokenAsync(ClientCredentials, basic: ("service", "wrong"));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Equal("Basic", Assert.Single(result.Response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Token_PostWithWrongSecret_Returns401WithoutBasicChallenge()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("client_id", "service"), ("client_secret", "wrong")));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Empty(result.Response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Token_UnknownClientAndWrongSecret_LookTheSame()
    {
        var unknown = await _client.PostTokenAsync(ClientCredentials, basic: ("no-such-client", "whatever"));
        var wrongSecret = await _client.PostTokenAsync(ClientCredentials, basic: ("service", "whatever"));

        Assert.Equal(wrongSecret.Status, unknown.Status);
        Assert.Equal(wrongSecret.Body.GetRawText(), unknown.Body.GetRawText());
        Assert.Equal(wrongSecret.Response.Headers.WwwAuthenticate.ToString(), unknown.Response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Token_BasicAndClientSecretTogether_IsInvalidRequest()
    {
        // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("client_secret", IdentityHostFactory.ServiceSecret)),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Token_BasicAndDifferentClientIdInBody_IsInvalidRequest()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("client_id", "confidential-app")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Token_MalformedBasicHeader_IsInvalidClientWithChallenge()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon-here")));

        var result = await _client.SendTokenRequestAsync(request);

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
        Assert.Equal("Basic", Assert.Single(result.Response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Token_ConfidentialClientWithoutSecret_IsInvalidClient()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("client_id", "service")));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task Token_PublicClientSendingASecret_IsInvalidClient()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "password"), ("client_id", "public-app"),
            ("client_secret", "anything"), ("username", "u"), ("password", "p")));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task Token_NoClientIdentification_IsInvalidClient()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "password"), ("username", "u"), ("password", "p")));

        Assert.Equal(401, result.Status);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact]
    public async Task Token_GrantNotAllowedForClient_IsUnauthorizedClient()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "refresh_token"), ("client_id", "limited"), ("refresh_token", "x")));

        Assert.Equal(400, result.Status);
        Assert.Equal("unauthorized_client", result.Error);
    }

    [Fact]
    public async Task Token_ScopeNotAllowedForClient_IsInvalidScope()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items write:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_scope", result.Error);
    }

    [Fact]
    public async Task Token_MalformedScope_IsInvalidScope()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "client_credentials"), ("scope", "read:items \"quoted\"")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal("invalid_scope", result.Error);
    }
}
