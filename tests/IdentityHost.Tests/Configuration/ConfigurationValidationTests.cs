using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Configuration;

/// <summary>
/// DESIGN.md §3: the server refuses to start on an inconsistent setting and says which. Each case adds one mistake
/// to an otherwise valid configuration.
/// </summary>
public sealed class ConfigurationValidationTests
{
    private const string NewClient = "native-app";

    public static TheoryData<string, string[]> RejectedClients => new()
    {
        // RFC 6749 §2.3.1: a confidential client authenticates with its secret.
        { "Type=confidential", [NewClient, "ClientSecret"] },
        // RFC 6749 §2.1: a public client cannot keep a secret.
        { "Type=public;ClientSecret=public-but-secret", [NewClient, "ClientSecret"] },
        { "GrantTypes:1=urn:example:magic", [NewClient, "urn:example:magic"] },
        // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
        { "GrantTypes:1=client_credentials", [NewClient, "client_credentials"] },
        { "RedirectUris:0=not a uri", [NewClient, "not a uri"] },
        // RFC 9700 §2.1 / RFC 8252 §8.3: http only for loopback.
        { "RedirectUris:0=http://app.example.com/cb", [NewClient, "http://app.example.com/cb"] },
        { "PostLogoutRedirectUris:0=http://app.example.com/bye", [NewClient, "http://app.example.com/bye"] },
        // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment.
        { "RedirectUris:0=https://app.example.com/cb#top", [NewClient, "https://app.example.com/cb#top"] },
        { "RedirectUris:0=javascript:alert(1)", [NewClient, "javascript:alert(1)"] },
        { "Scopes:1=reports:read", [NewClient, "reports:read"] },
    };

    [Theory]
    [MemberData(nameof(RejectedClients))]
    public async Task Startup_InvalidClientRegistration_RefusesToStartNamingIt(string mistake, string[] named)
    {
        using var factory = new IdentityHostFactory();
        AddValidPublicClient(factory.Settings);
        foreach (var setting in mistake.Split(';'))
        {
            var (key, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            factory.Settings[$"Clients:5:{key}"] = value;
        }

        var message = await StartupFailure.OfAsync(factory);

        Assert.All(named, name => Assert.Contains(name, message));
        Assert.DoesNotContain("public-but-secret", message); // a secret is never echoed, even a misplaced one
    }

    [Fact]
    public async Task Startup_DuplicateClientId_RefusesToStartNamingIt()
    {
        using var factory = new IdentityHostFactory();
        IdentityHostFactory.AddClient(factory.Settings, 5, "other-app", "public", null, ["password"], ["read:items"]);

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains("other-app", message);
    }

    [Theory]
    [InlineData("idp.example.com/tenant")] // not absolute
    [InlineData("http://idp.example.com")] // RFC 8414 §2: https (http only on loopback, for development)
    [InlineData("https://idp.example.com/?tenant=1")] // RFC 8414 §2: no query
    [InlineData("https://idp.example.com/#x")] // RFC 8414 §2: no fragment
    [InlineData("")]
    public async Task Startup_InvalidIssuer_RefusesToStartNamingIt(string issuer)
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["IdentityHost:Issuer"] = issuer;

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains("IdentityHost:Issuer", message);
    }

    [Fact]
    public async Task Startup_RefreshTokenAbsoluteLifetimeShorterThanSliding_RefusesToStartNamingIt()
    {
        using var factory = new IdentityHostFactory();
        factory.Settings["IdentityHost:Tokens:RefreshTokenSlidingLifetime"] = "2.00:00:00";
        factory.Settings["IdentityHost:Tokens:RefreshTokenAbsoluteLifetime"] = "1.00:00:00";

        var message = await StartupFailure.OfAsync(factory);

        Assert.Contains("RefreshTokenAbsoluteLifetime", message);
    }

    [Fact]
    public async Task Startup_LoopbackHttpAndPrivateUseSchemeRedirects_AreAcceptedAndStored()
    {
        // RFC 8252 §7.3 (loopback IP literal, any port) and §7.1 (private-use URI scheme) for native apps.
        string[] redirects = ["http://127.0.0.1/cb", "http://[::1]:51004/cb", "com.example.app:/callback"];
        using var factory = new IdentityHostFactory();
        AddValidPublicClient(factory.Settings);
        for (var i = 0; i < redirects.Length; i++) factory.Settings[$"Clients:5:RedirectUris:{i}"] = redirects[i];

        factory.CreateClient();

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>().Clients.SingleAsync(c => c.ClientId == NewClient);
        Assert.Equal(redirects, stored.RedirectUris);
    }

    /// <summary>A public password client at index 5 that is valid until a test adds a mistake to it.</summary>
    private static void AddValidPublicClient(Dictionary<string, string?> settings) =>
        IdentityHostFactory.AddClient(settings, 5, NewClient, "public", null, ["password"], ["read:items"]);
}
