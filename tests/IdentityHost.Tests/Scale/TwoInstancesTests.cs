using IdentityHost.Tests.Discovery;
using IdentityHost.Tests.EndToEnd;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Pages;
using static IdentityHost.Tests.Introspection.IntrospectionRequests;

namespace IdentityHost.Tests.Scale;

/// <summary>
/// Issue #7: two IdentityHost processes (Kestrel, different ports) on one PostgreSQL database behave as one server
/// behind one issuer: what one instance issues, the other redeems, and a revocation or a detected replay on one is
/// seen by the other at once (the store is the only state they share; nothing is cached across the decision).
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identityhost-tests", Guid.NewGuid().ToString("N"));
    private InstanceProcess _a = null!;
    private InstanceProcess _b = null!;

    public async Task InitializeAsync()
    {
        if (!TestStore.IsPostgres) return;
        Directory.CreateDirectory(_directory);
        TestStore.Create(_directory);
        var settings = Settings();
        await InstanceProcess.RunVerbAsync(_directory, settings, "users", "add", "two-instances", "--password", IdentityHostFactory.Password);
        // One after the other, as a rolling start does: the first generates the signing key, the second loads it.
        _a = await InstanceProcess.StartAsync(_directory, FreePort.Next(), settings);
        _b = await InstanceProcess.StartAsync(_directory, FreePort.Next(), settings);
    }

    /// <summary>The same settings for every instance: one database, one issuer (a proxy's address in production).</summary>
    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Identity"] = TestStore.ConnectionString(_directory),
            ["IdentityHost__Issuer"] = "http://localhost:5000",
            // Data Protection keys in the database (the default without a KeysDirectory), said explicitly here.
            ["IdentityHost__DataProtection__Store"] = "Database",
            // Any replay of a redeemed refresh token counts as theft, so the test need not wait out the grace.
            ["IdentityHost__Tokens__RefreshTokenReuseGrace"] = "00:00:00",
            // Instances reload the key set every second, so a rotation reaches both within the test.
            ["IdentityHost__SigningKeys__CheckInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Clients__50__ClientId"] = "public-app",
            ["Clients__50__Type"] = "public",
            ["Clients__50__GrantTypes__0"] = "password",
            ["Clients__50__GrantTypes__1"] = "refresh_token",
            ["Clients__50__Scopes__0"] = "read:items",
            ["Clients__50__Scopes__1"] = "offline_access",
            ["Clients__51__ClientId"] = ResourceServer,
            ["Clients__51__Type"] = "confidential",
            ["Clients__51__ClientSecret"] = ResourceServerSecret,
            ["Clients__51__GrantTypes__0"] = "client_credentials",
            ["Clients__51__Permissions__0"] = "introspection",
            // A browser app: signs in on one instance's pages, redeems its code wherever the balancer sends it.
            ["Clients__52__ClientId"] = PageClients.App,
            ["Clients__52__Type"] = "public",
            ["Clients__52__GrantTypes__0"] = "authorization_code",
            ["Clients__52__GrantTypes__1"] = "refresh_token",
            ["Clients__52__Scopes__0"] = "openid",
            ["Clients__52__Scopes__1"] = "offline_access",
            ["Clients__52__Scopes__2"] = "read:items",
            ["Clients__52__RedirectUris__0"] = PageClients.AppRedirect,
            ["Clients__52__ConsentType"] = "explicit",
            ["Clients__52__RequirePkce"] = "true",
        };
        return settings;
    }

    [PostgresFact]
    public async Task BothInstances_PublishTheSameJwks()
    {
        var a = await Jwks.GetAsync(_a.Client);
        var b = await Jwks.GetAsync(_b.Client);

        Assert.NotEmpty(a.Keys);
        Assert.Equal(a.Keys.Select(k => k.Kid).Order(), b.Keys.Select(k => k.Kid).Order());
    }

    [PostgresFact]
    public async Task ARotation_IsPublishedByBothInstances_BeforeEitherSignsWithIt()
    {
        var before = (await Jwks.GetAsync(_a.Client)).Keys.Select(k => k.Kid).ToHashSet();
        var signingBefore = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken((await _a.Client.PasswordAsync("two-instances")).AccessToken!).Kid;

        await InstanceProcess.RunVerbAsync(_directory, Settings(), "keys", "rotate");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? added = null;
        while (added is null || !(await Jwks.GetAsync(_a.Client)).Keys.Any(k => k.Kid == added))
        {
            Assert.True(DateTime.UtcNow < deadline, "the rotated key did not reach both instances' JWKS in time");
            added = (await Jwks.GetAsync(_b.Client)).Keys.Select(k => k.Kid).FirstOrDefault(kid => !before.Contains(kid));
            await Task.Delay(200);
        }
        // Published by both, signing by neither until the propagation period has passed.
        foreach (var instance in new[] { _a, _b })
        {
            var token = (await instance.Client.PasswordAsync("two-instances")).AccessToken!;
            Assert.Equal(signingBefore, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Kid);
        }
    }

    [PostgresFact]
    public async Task ABrowserSignsInOnA_TheCodeIsRedeemedOnB_AndItsRefreshTokenWorksOnA()
    {
        var cookies = new System.Net.CookieContainer();
        using var browserOnA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = _a.Client.BaseAddress,
        };

        var toClient = await BrowserFlow.AuthorizeAsync(browserOnA,
            PageClients.AuthorizeUrl(scope: "openid offline_access read:items"), "two-instances");
        var code = PageClients.QueryOf(toClient)["code"];
        var onB = await _b.Client.PostTokenAsync(TokenRequests.Form(("grant_type", "authorization_code"), ("client_id", PageClients.App),
            ("code", code), ("redirect_uri", PageClients.AppRedirect), ("code_verifier", PageClients.DefaultVerifier)));

        Assert.Equal(200, onB.Status);
        Assert.Equal(200, (await _a.Client.RefreshAsync(onB.RefreshToken!, clientId: PageClients.App)).Status);
        // The code was spent on B: A refuses it too.
        var again = await _a.Client.PostTokenAsync(TokenRequests.Form(("grant_type", "authorization_code"), ("client_id", PageClients.App),
            ("code", code), ("redirect_uri", PageClients.AppRedirect), ("code_verifier", PageClients.DefaultVerifier)));
        Assert.Equal("invalid_grant", again.Error);
    }

    [PostgresFact]
    public async Task RefreshTokens_RotateAcrossInstances_AndAReplayOnOneRevokesTheFamilyOnBoth()
    {
        var signIn = await _a.Client.PasswordAsync("two-instances");
        Assert.Equal(200, signIn.Status);

        var onB = await _b.Client.RefreshAsync(signIn.RefreshToken!); // issued by A, redeemed by B
        var onA = await _a.Client.RefreshAsync(onB.RefreshToken!);    // issued by B, redeemed by A
        var replayOnB = await _b.Client.RefreshAsync(onB.RefreshToken!);

        Assert.Equal(200, onB.Status);
        Assert.Equal(200, onA.Status);
        // RFC 9700 §4.14.2: the replay fails and ends the family, whichever instance sees it.
        Assert.Equal("invalid_grant", replayOnB.Error);
        Assert.Equal("invalid_grant", (await _a.Client.RefreshAsync(onA.RefreshToken!)).Error);
        Assert.Equal(Inactive, (await _a.Client.IntrospectAsync(onA.AccessToken)).Text);
        Assert.Equal(Inactive, (await _b.Client.IntrospectAsync(signIn.AccessToken)).Text);
    }

    [PostgresFact]
    public async Task ARefreshTokenRacedOnBothInstances_HasExactlyOneWinner()
    {
        var signIn = await _a.Client.PasswordAsync("two-instances");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? _a : _b).Client.RefreshAsync(signIn.RefreshToken!)));

        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal("invalid_grant", r.Error));
    }

    [PostgresFact]
    public async Task ARevocationOnB_IsSeenByIntrospectionOnA()
    {
        var signIn = await _a.Client.PasswordAsync("two-instances");
        Assert.True((await _a.Client.IntrospectAsync(signIn.AccessToken)).Active);

        Assert.Equal(200, (await _b.Client.RevokeAsync(signIn.RefreshToken, hint: "refresh_token")).Status);

        Assert.Equal(Inactive, (await _a.Client.IntrospectAsync(signIn.RefreshToken)).Text);
        Assert.Equal(Inactive, (await _a.Client.IntrospectAsync(signIn.AccessToken)).Text);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (!TestStore.IsPostgres) return;
        TestStore.Drop(_directory);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
