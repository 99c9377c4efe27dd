using IdentityHost.Endpoints.Shared;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Token;

/// <summary>Limits of the protocol forms: the number of fields and the length of each, refused as <c>invalid_request</c>.</summary>
public sealed class RequestLimitsTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Token_MoreThan64Fields_IsInvalidRequest()
    {
        var form = TokenRequests.Form(("grant_type", "client_credentials"))
            .Concat(Enumerable.Range(0, 64).Select(i => ($"extra{i}", "x")));

        var result = await _client.PostTokenAsync(form, ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Token_64Fields_AreAccepted()
    {
        var form = TokenRequests.Form(("grant_type", "client_credentials"))
            .Concat(Enumerable.Range(0, 63).Select(i => ($"extra{i}", "x")));

        var result = await _client.PostTokenAsync(form, ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Token_OverlongParameter_IsInvalidRequestNamingIt()
    {
        var result = await _client.PasswordAsync("user", password: new string('p', FormRequestReader.MaxParameterLength + 1));

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
        Assert.Contains("'password'", result.Body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Token_ParameterAtTheLimit_IsNotRefusedForItsLength()
    {
        var result = await _client.PasswordAsync("user", password: new string('p', FormRequestReader.MaxParameterLength));

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task Token_OverlongParameterName_IsInvalidRequestWithoutEchoingIt()
    {
        var name = new string('n', FormRequestReader.MaxParameterLength + 1);
        var result = await _client.PostTokenAsync(TokenRequests.Form(("grant_type", "client_credentials"), (name, "x")),
            ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal("invalid_request", result.Error);
        Assert.DoesNotContain(name, result.Body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Introspect_OverlongToken_IsInvalidRequest()
    {
        using var withServers = new IdentityHostFactory().WithResourceServers();
        var result = await withServers.CreateClient().IntrospectAsync(new string('t', FormRequestReader.MaxParameterLength + 1));

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_request", result.Error);
    }
}
