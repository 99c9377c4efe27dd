using IdentityHost.Tests.Configuration;
using IdentityHost.Tests.Infrastructure;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Cli;

/// <summary>DESIGN.md §2: <c>clients add|list|remove</c>, with the same registration rules as configuration.</summary>
public sealed class ClientCommandTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private const string Secret = "cli-secret: +%/é";
    private static readonly IEnumerable<(string, string)> ClientCredentials = Form(("grant_type", "client_credentials"), ("scope", "read:items"));
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task ClientsAdd_Confidential_CanUseClientCredentialsWithItsSecret()
    {
        var result = await AddWorkerAsync("worker-a");

        result.AssertSucceeded();
        var token = await _http.PostTokenAsync(ClientCredentials, basic: ("worker-a", Secret));
        var wrongSecret = await _http.PostTokenAsync(ClientCredentials, basic: ("worker-a", Secret + "x"));
        Assert.Equal(200, token.Status);
        Assert.NotNull(token.AccessToken);
        Assert.Equal("invalid_client", wrongSecret.Error);
    }

    [Fact]
    public async Task ClientsAdd_StoresTheSecretAsPbkdf2Hash()
    {
        (await AddWorkerAsync("worker-b")).AssertSucceeded();

        StoredClients.AssertIsPbkdf2Of(Secret, await StoredClients.SecretHashAsync(factory.Directory, "worker-b"));
    }

    public static TheoryData<string[]> InvalidRegistrations => new()
    {
        // RFC 6749 §2.1: a public client cannot keep a secret.
        new[] { "clients", "add", "bad-a", "--type", "public", "--secret", Secret, "--grant", "password" },
        new[] { "clients", "add", "bad-b", "--type", "confidential", "--secret", Secret, "--grant", "urn:example:magic" },
        new[] { "clients", "add", "bad-c", "--type", "confidential", "--grant", "client_credentials" },
        // RFC 6749 §4.4: client_credentials is for confidential clients.
        new[] { "clients", "add", "bad-d", "--type", "public", "--grant", "client_credentials" },
        new[] { "clients", "add", "bad-e", "--grant", "password", "--redirect-uri", "http://app.example.com/cb" },
        new[] { "clients", "add", "bad-f", "--grant", "password", "--scope", "reports:read" },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task ClientsAdd_InvalidRegistration_FailsWithOneLineAndStoresNothing(string[] args)
    {
        var result = await factory.RunVerbAsync(args);

        var line = result.AssertFailedWithOneLine();
        Assert.Contains(args[2], line);
        Assert.DoesNotContain(Secret, result.Error); // a secret is never echoed
        Assert.DoesNotContain(await ListedIdsAsync(), id => id == args[2]);
    }

    [Fact]
    public async Task ClientsAdd_ExistingClientId_Fails()
    {
        (await AddWorkerAsync("worker-c")).AssertSucceeded();

        var again = await AddWorkerAsync("worker-c");
        var configured = await factory.RunVerbAsync("clients", "add", "service", "--type", "public", "--grant", "password");

        Assert.Contains("worker-c", again.AssertFailedWithOneLine());
        Assert.Contains("service", configured.AssertFailedWithOneLine());
        Assert.Equal(200, (await _http.PostTokenAsync(ClientCredentials, basic: ("worker-c", Secret))).Status);
    }

    [Fact]
    public async Task ClientsList_ShowsConfiguredAndAddedClients()
    {
        (await AddWorkerAsync("worker-d")).AssertSucceeded();

        var result = await factory.RunVerbAsync("clients", "list");

        result.AssertSucceeded();
        var ids = await ListedIdsAsync();
        Assert.Contains("worker-d", ids);
        Assert.Contains("service", ids);
        Assert.Contains("public-app", ids);
        Assert.DoesNotContain(Secret, result.Output);
    }

    [Fact]
    public async Task ClientsRemove_ClientCanNoLongerAuthenticate()
    {
        (await AddWorkerAsync("worker-e")).AssertSucceeded();
        var before = await _http.PostTokenAsync(ClientCredentials, basic: ("worker-e", Secret));

        var result = await factory.RunVerbAsync("clients", "remove", "worker-e");

        result.AssertSucceeded();
        var after = await _http.PostTokenAsync(ClientCredentials, basic: ("worker-e", Secret));
        Assert.Equal(200, before.Status);
        Assert.Equal(401, after.Status); // RFC 6749 §5.2: a failed Basic authentication is a 401
        Assert.Equal("invalid_client", after.Error);
        Assert.DoesNotContain("worker-e", await ListedIdsAsync());
    }

    [Fact]
    public async Task ClientsRemove_UnknownClient_FailsWithOneLine()
    {
        var result = await factory.RunVerbAsync("clients", "remove", "no-such-client");

        Assert.Contains("no-such-client", result.AssertFailedWithOneLine());
    }

    [Fact]
    public async Task ClientsAdd_ClientSurvivesARestartThatUpsertsConfiguration()
    {
        // Its own folder: the restarted host deletes the folder when it is disposed.
        using var first = new IdentityHostFactory();
        (await first.RunVerbAsync(AddWorkerArgs("worker-f"))).AssertSucceeded();
        using var restarted = IdentityHostFactory.InDirectory(first.Directory);

        var token = await restarted.CreateClient().PostTokenAsync(ClientCredentials, basic: ("worker-f", Secret));

        Assert.Equal(200, token.Status);
    }

    [Theory]
    [InlineData("clients", "frobnicate")]
    [InlineData("clients")]
    public async Task Clients_UnknownOrMissingAction_FailsWithOneLine(params string[] args)
    {
        var result = await factory.RunVerbAsync(args);

        result.AssertFailedWithOneLine();
    }

    private Task<CliResult> AddWorkerAsync(string clientId) => factory.RunVerbAsync(AddWorkerArgs(clientId));

    private static string[] AddWorkerArgs(string clientId) =>
        ["clients", "add", clientId, "--type", "confidential", "--secret", Secret, "--grant", "client_credentials", "--scope", "read:items"];

    private async Task<List<string>> ListedIdsAsync() =>
        (await factory.RunVerbAsync("clients", "list")).OutputLines.Select(l => l.Split('\t')[0]).ToList();
}
