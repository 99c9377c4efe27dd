using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Configuration;

/// <summary>
/// DESIGN.md §2: the <c>Clients</c> of configuration are upserted into the store at start-up, so editing
/// appsettings.json and restarting is how an operator changes a client. Secrets never rest in plain text.
/// </summary>
public sealed class ClientSeedingTests
{
    private static readonly IEnumerable<(string, string)> ClientCredentials = Form(("grant_type", "client_credentials"), ("scope", "read:items"));

    [Fact]
    public async Task ConfiguredSecret_IsStoredAsPbkdf2HashNeverInPlainText()
    {
        using var factory = new IdentityHostFactory();
        factory.CreateClient();

        var stored = await StoredClients.SecretHashAsync(factory.Directory, "service");

        StoredClients.AssertIsPbkdf2Of(IdentityHostFactory.ServiceSecret, stored);
    }

    [Fact]
    public async Task ConfiguredPublicClient_IsStoredWithoutSecret()
    {
        using var factory = new IdentityHostFactory();
        factory.CreateClient();

        Assert.Null(await StoredClients.SecretHashAsync(factory.Directory, "public-app"));
    }

    [Fact]
    public async Task ChangedSecretInConfiguration_TakesEffectOnRestart()
    {
        const string newSecret = "rotated-secret-value";
        using var first = new IdentityHostFactory();
        var before = await first.CreateClient().PostTokenAsync(ClientCredentials, basic: ("service", IdentityHostFactory.ServiceSecret));
        using var restarted = IdentityHostFactory.InDirectory(first.Directory);
        restarted.Settings[$"{ConfigurationKey(restarted, "service")}:ClientSecret"] = newSecret;
        var client = restarted.CreateClient();

        var withNew = await client.PostTokenAsync(ClientCredentials, basic: ("service", newSecret));
        var withOld = await client.PostTokenAsync(ClientCredentials, basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, before.Status);
        Assert.Equal(200, withNew.Status);
        Assert.Equal(401, withOld.Status); // RFC 6749 §5.2: invalid_client with HTTP Basic is a 401
        Assert.Equal("invalid_client", withOld.Error);
        StoredClients.AssertIsPbkdf2Of(newSecret, await StoredClients.SecretHashAsync(restarted.Directory, "service"));
    }

    [Fact]
    public async Task ChangedGrantsInConfiguration_TakeEffectOnRestart()
    {
        var credentials = ("confidential-app", IdentityHostFactory.ConfidentialSecret);
        using var first = new IdentityHostFactory();
        var before = await first.CreateClient().PostTokenAsync(ClientCredentials, basic: credentials);
        using var restarted = IdentityHostFactory.InDirectory(first.Directory);
        var prefix = $"{ConfigurationKey(restarted, "confidential-app")}:GrantTypes:";
        restarted.Settings.Remove(restarted.Settings.Single(s => s.Key.StartsWith(prefix) && s.Value == "client_credentials").Key);

        var after = await restarted.CreateClient().PostTokenAsync(ClientCredentials, basic: credentials);

        Assert.Equal(200, before.Status);
        Assert.Equal("unauthorized_client", after.Error); // RFC 6749 §5.2
    }

    /// <summary>The <c>Clients:{i}</c> prefix of a configured client.</summary>
    private static string ConfigurationKey(IdentityHostFactory factory, string clientId) =>
        factory.Settings.Single(s => s.Key.EndsWith(":ClientId") && s.Value == clientId).Key[..^":ClientId".Length];
}
