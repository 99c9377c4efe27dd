using System.Net;
using System.Text;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Token;

/// <summary>RFC 6749 §3.2 and §5.2: what the token endpoint does with requests that are not well-formed.</summary>
public sealed class TokenRequestValidationTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Token_WrongMethod_Returns405WithAllowPostAndJsonError(string method)
    {
        var result = await _client.SendTokenRequestAsync(new HttpRequestMessage(new HttpMethod(method), TokenPath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, result.Response.StatusCode);
        Assert.Equal(["POST"], result.Response.Content.Headers.Allow);
        Assert.Equal("invalid_request", result.Error);
        Assert.Equal("application/json", result.Response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_JsonContentType_IsInvalidRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new StringContent("""{"grant_type":"client_credentials"}""", Encoding.UTF8, "application/json"),
        };

        var result = await _client.SendTokenRequestAsync(request);

        AssertInvalidRequest(result, "Content-Type");
    }

    [Fact]
    public async Task Token_MissingGrantType_IsInvalidRequest()
    {
        var result = await _client.PostTokenAsync(Form(("client_id", "public-app")));

        AssertInvalidRequest(result, "grant_type");
    }

    [Fact]
    public async Task Token_DuplicatedParameter_IsInvalidRequestNamingIt()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "password"), ("client_id", "public-app"),
            ("username", "a"), ("username", "b"), ("password", "x")));

        AssertInvalidRequest(result, "'username'");
    }

    [Fact]
    public async Task Token_OversizedBody_IsInvalidRequest()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "password"), ("client_id", "public-app"),
            ("username", new string('a', 20_000)), ("password", "x")));

        AssertInvalidRequest(result, "larger than");
    }

    [Fact]
    public async Task Token_OversizedBodyWithoutContentLength_IsInvalidRequest()
    {
        var body = "grant_type=password&username=" + new string('a', 20_000);
        var content = new StreamContent(new NonSeekableStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var result = await _client.SendTokenRequestAsync(request);

        AssertInvalidRequest(result, "larger than");
    }

    [Fact]
    public async Task Token_InvalidUtf8Body_IsInvalidRequest()
    {
        var content = new ByteArrayContent([.. Encoding.ASCII.GetBytes("grant_type=password&username="), 0xC3, 0x28]);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var result = await _client.SendTokenRequestAsync(new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = content });

        AssertInvalidRequest(result, "UTF-8");
    }

    [Fact]
    public async Task Token_UnknownGrantType_IsUnsupportedGrantType()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "urn:example:unknown"), ("client_id", "public-app")));

        Assert.Equal(400, result.Status);
        Assert.Equal("unsupported_grant_type", result.Error);
    }

    [Fact]
    public async Task Token_AuthorizationCodeGrant_ForClientWithoutIt_IsUnauthorizedClient()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "authorization_code"), ("client_id", "public-app"), ("code", "x")));

        Assert.Equal("unauthorized_client", result.Error);
    }

    [Fact]
    public async Task Token_EmptyParameter_IsTreatedAsOmitted()
    {
        // RFC 6749 §3.1: parameters sent without a value are treated as if they were omitted.
        var result = await _client.PostTokenAsync(Form(("grant_type", ""), ("client_id", "public-app")));

        AssertInvalidRequest(result, "grant_type");
    }

    [Fact]
    public async Task Token_ErrorResponses_AreNotCached()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "password")));

        Assert.Equal("no-store", result.Response.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", result.Response.Headers.Pragma.Select(p => p.Name));
    }

    private static void AssertInvalidRequest(TokenResult result, string descriptionFragment)
    {
        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
        Assert.Contains(descriptionFragment, result.Body.GetProperty("error_description").GetString());
        Assert.Equal("application/json", result.Response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A body of unknown length, so the server cannot reject it on Content-Length alone.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
