using System.Security.Cryptography;
using IdentityHost.Admin;
using IdentityHost.Configuration;
using IdentityHost.Tests.Cli;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Introspection;
using IdentityHost.Tests.UserInfo;
using Microsoft.Extensions.DependencyInjection;
using static IdentityHost.Tests.Keys.KeyChecks;

namespace IdentityHost.Tests.Keys;

/// <summary>
/// <c>keys list|rotate|revoke</c> (README: Signing keys, A key leaked). The verbs change the database; the running
/// instance picks the change up at its next check.
/// </summary>
public sealed class KeyCommandsTests : IDisposable
{
    private static readonly SigningKeyOptions Defaults = new();
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers();
    private readonly HttpClient _client;

    public KeyCommandsTests()
    {
        _client = _factory.CreateClient();
        _factory.CreateUserAsync("key-user").GetAwaiter().GetResult();
    }

    public void Dispose() => _factory.Dispose();

    private async Task<string> TokenAsync()
    {
        var result = await _client.PasswordAsync("key-user", scope: "openid read:items");
        Assert.Equal(200, result.Status);
        return result.AccessToken!;
    }

    private static string[] Row(CliResult result, string kid) => Assert.Single(result.OutputLines, l => l.StartsWith(kid + "\t")).Split('\t');

    private async Task<List<string>> AuditActionsAsync(string subject)
    {
        using var scope = _factory.Services.CreateScope();
        var events = await scope.ServiceProvider.GetRequiredService<AuditLog>().ReadAsync(1, 100, CancellationToken.None);
        return events.Items.Where(e => e.Subject == subject).Select(e => e.Action).ToList();
    }

    [Fact]
    public async Task List_ShowsEachKeyWithAlgorithmStateAndTimes()
    {
        var current = Kid(await TokenAsync());
        var now = _factory.Clock.GetUtcNow().UtcDateTime;
        var rotated = await _factory.RunVerbAsync("keys", "rotate");
        var next = rotated.Output.Split(' ')[1]; // "key <kid> created and published; …"

        var list = await _factory.RunVerbAsync("keys", "list");

        list.AssertSucceeded();
        rotated.AssertSucceeded();
        Assert.Equal("kid\talgorithm\tstate\tcreated\tactivates\tretires\tpublished-until", list.OutputLines[0]);
        var activation = Format(now + Defaults.PropagationPeriod);
        Assert.Equal([next, "RS256", "published", Format(now), activation, "-", "-"], Row(list, next));
        var active = Row(list, current);
        Assert.Equal(["RS256", "active"], active[1..3]);
        Assert.Equal([activation, Format(now + Defaults.PropagationPeriod + Defaults.RetentionPeriod)], active[5..]);
    }

    [Fact]
    public async Task Rotate_PublishesANewKeyAtTheNextCheck_ThatSignsAfterThePropagationPeriod()
    {
        var old = Kid(await TokenAsync());

        var result = await _factory.RunVerbAsync("keys", "rotate");

        result.AssertSucceeded();
        Assert.Equal([old], await PublishedKidsAsync(_client)); // until this instance's next check
        await _factory.CheckKeysAsync();
        var next = Assert.Single((await PublishedKidsAsync(_client)).Except([old]));
        Assert.Contains(next, result.Output);
        Assert.Equal(old, Kid(await TokenAsync()));
        _factory.Clock.Advance(Defaults.PropagationPeriod);
        Assert.Equal(next, Kid(await TokenAsync()));
        Assert.Equal([AuditActions.KeyRotated, AuditActions.KeyCreated], await AuditActionsAsync(next));
        Assert.Equal([AuditActions.KeyRetired, AuditActions.KeyCreated], await AuditActionsAsync(old));
    }

    [Fact]
    public async Task RotateNow_NewKeySignsAtOnce_AndTheOldKeysTokensStillValidate()
    {
        var oldToken = await TokenAsync();

        var result = await _factory.RunVerbAsync("keys", "rotate", "--now");
        await _factory.CheckKeysAsync();

        result.AssertSucceeded();
        var newToken = await TokenAsync();
        Assert.NotEqual(Kid(oldToken), Kid(newToken));
        Assert.True((await _client.IntrospectAsync(oldToken)).Active); // published for the retention period
        Assert.Equal(200, (await _client.GetUserInfoAsync(oldToken)).Status);
        Assert.Contains(Kid(oldToken), await PublishedKidsAsync(_client));
    }

    [Fact]
    public async Task Revoke_ActiveKey_LeavesTheJwksAndItsTokensAreRefused_AReplacementSigns()
    {
        var leakedToken = await TokenAsync();
        var leaked = Kid(leakedToken);

        var result = await _factory.RunVerbAsync("keys", "revoke", leaked);
        await _factory.CheckKeysAsync();

        result.AssertSucceeded();
        Assert.DoesNotContain(leaked, await PublishedKidsAsync(_client));
        Assert.False((await _client.IntrospectAsync(leakedToken)).Active);
        var userInfo = await _client.GetUserInfoAsync(leakedToken);
        Assert.Equal(401, userInfo.Status);
        Assert.Equal("invalid_token", userInfo.ChallengeError);
        var replacement = Kid(await TokenAsync());
        Assert.NotEqual(leaked, replacement);
        Assert.Equal([replacement], await PublishedKidsAsync(_client));
        Assert.Contains(AuditActions.KeyRevoked, await AuditActionsAsync(leaked));
    }

    [Fact]
    public async Task Revoke_RetiredKey_RemovesItWithoutChangingTheSigningKey()
    {
        var oldToken = await TokenAsync();
        (await _factory.RunVerbAsync("keys", "rotate", "--now")).AssertSucceeded();
        await _factory.CheckKeysAsync();
        var signing = Kid(await TokenAsync());

        var result = await _factory.RunVerbAsync("keys", "revoke", Kid(oldToken));
        await _factory.CheckKeysAsync();

        result.AssertSucceeded();
        Assert.Equal([signing], await PublishedKidsAsync(_client));
        Assert.Equal(signing, Kid(await TokenAsync()));
        Assert.False((await _client.IntrospectAsync(oldToken)).Active);
    }

    [Fact]
    public async Task Revoke_UnknownKey_FailsWithOneLine()
    {
        var result = await _factory.RunVerbAsync("keys", "revoke", "no-such-kid");

        Assert.Contains("no-such-kid", result.AssertFailedWithOneLine());
    }

    [Fact]
    public async Task Rotate_WithAConfiguredKeyFile_FailsAndSaysToReplaceTheFile()
    {
        using var factory = new IdentityHostFactory();
        var path = Path.Combine(factory.Directory, "signing.pem");
        using (var rsa = RSA.Create(2048)) await File.WriteAllTextAsync(path, rsa.ExportPkcs8PrivateKeyPem());
        factory.Settings["IdentityHost:SigningKeys:Path"] = path;
        var kid = Kid(await Discovery.Jwks.ServiceAccessTokenAsync(factory.CreateClient()));

        var rotate = await factory.RunVerbAsync("keys", "rotate", "--now");
        var revoke = await factory.RunVerbAsync("keys", "revoke", kid);
        var list = await factory.RunVerbAsync("keys", "list");

        Assert.Contains("IdentityHost:SigningKeys:Path", rotate.AssertFailedWithOneLine());
        Assert.Contains("IdentityHost:SigningKeys:Path", revoke.AssertFailedWithOneLine());
        list.AssertSucceeded();
        Assert.Contains(path, list.Output);
    }

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
