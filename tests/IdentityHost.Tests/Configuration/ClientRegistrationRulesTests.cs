using IdentityHost.Configuration;

namespace IdentityHost.Tests.Configuration;

/// <summary>
/// The registration rules shared by the <c>Clients</c> configuration and the <c>clients add</c> verb. Each broken
/// registration differs from a valid one in one way and must produce exactly one problem.
/// </summary>
public sealed class ClientRegistrationRulesTests
{
    private static readonly IReadOnlySet<string> KnownScopes = new HashSet<string> { "openid", "offline_access", "read:items" };

    [Fact]
    public void Validate_ValidPublicAndConfidentialClients_HaveNoProblems()
    {
        Assert.Empty(ClientRegistrationRules.Validate(Public(), KnownScopes));
        Assert.Empty(ClientRegistrationRules.Validate(Confidential(), KnownScopes));
    }

    public static TheoryData<string, string> BrokenRegistrations => new()
    {
        { "confidential without secret", "ClientSecret" },
        { "public with secret", "ClientSecret" },
        { "unknown type", "hybrid" },
        { "unknown grant", "urn:example:magic" },
        { "no grants", "GrantTypes" },
        { "public with client_credentials", "client_credentials" },
        { "unknown scope", "reports:read" },
        { "unknown permission", "impersonation" },
        { "unknown consent type", "ConsentType" },
        { "http redirect", "http://app.example.com/cb" },
        { "http post-logout redirect", "http://app.example.com/bye" },
    };

    [Theory]
    [MemberData(nameof(BrokenRegistrations))]
    public void Validate_OneMistake_GivesOneProblemNamingClientAndMistake(string mistake, string named)
    {
        var client = mistake switch
        {
            "confidential without secret" => Confidential(c => c.ClientSecret = null),
            "public with secret" => Public(c => c.ClientSecret = "s"),
            "unknown type" => Public(c => c.Type = "hybrid"),
            "unknown grant" => Public(c => c.GrantTypes.Add("urn:example:magic")),
            "no grants" => Public(c => c.GrantTypes.Clear()),
            "public with client_credentials" => Public(c => c.GrantTypes.Add("client_credentials")),
            "unknown scope" => Public(c => c.Scopes.Add("reports:read")),
            "unknown permission" => Confidential(c => c.Permissions.Add("impersonation")),
            "unknown consent type" => Public(c => c.ConsentType = "sometimes"),
            "http redirect" => Public(c => c.RedirectUris.Add("http://app.example.com/cb")),
            "http post-logout redirect" => Public(c => c.PostLogoutRedirectUris.Add("http://app.example.com/bye")),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };

        var problem = Assert.Single(ClientRegistrationRules.Validate(client, KnownScopes));

        Assert.Contains(client.ClientId, problem);
        Assert.Contains(named, problem);
    }

    [Fact]
    public void Validate_MissingClientId_IsAProblem()
    {
        Assert.NotEmpty(ClientRegistrationRules.Validate(Public(c => c.ClientId = " "), KnownScopes));
    }

    private static ClientOptions Public(Action<ClientOptions>? change = null) => With(new ClientOptions
    {
        ClientId = "spa", Type = "public", GrantTypes = ["password", "refresh_token"], Scopes = ["openid", "read:items"],
        RedirectUris = ["https://app.example.com/cb"], PostLogoutRedirectUris = ["https://app.example.com/"],
    }, change);

    private static ClientOptions Confidential(Action<ClientOptions>? change = null) => With(new ClientOptions
    {
        ClientId = "api-worker", Type = "confidential", ClientSecret = "secret", GrantTypes = ["client_credentials"],
        Scopes = ["read:items"], Permissions = ["introspection"],
    }, change);

    private static ClientOptions With(ClientOptions client, Action<ClientOptions>? change)
    {
        change?.Invoke(client);
        return client;
    }
}
