using IdentityHost.Admin;
using IdentityHost.Tests.Cli;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Admin;

/// <summary>
/// The <c>users</c> and <c>clients</c> verbs share the admin area's actions: <c>users lock</c> signs the user out
/// everywhere (not only a stamp change), and the verbs' changes are in the audit log with the actor <c>system</c>.
/// </summary>
public sealed class CommandLineActionsTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task UsersLock_RevokesRefreshTokensEndsBrowserSessionsAndIsAuditedAsSystem()
    {
        var user = await factory.CreateUserAsync(AdminPages.NewName());
        var refresh = (await _http.PasswordAsync(user.UserName!)).RefreshToken!;
        var browser = await AdminPages.SignInAsync(factory, user.UserName!);

        (await factory.RunVerbAsync("users", "lock", user.UserName!)).AssertSucceeded();

        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refresh)).Error);
        AdminPages.PassStampValidationInterval(factory);
        Assert.False(await AdminPages.IsSignedInAsync(browser));
        var audit = await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserLocked, user.Id);
        Assert.Equal(AuditActors.System, audit.Actor);
        Assert.Contains("command line", audit.Details);
    }

    [Fact]
    public async Task UsersRemove_IsAuditedAsSystem()
    {
        var user = await factory.CreateUserAsync(AdminPages.NewName());

        (await factory.RunVerbAsync("users", "remove", user.UserName!)).AssertSucceeded();

        Assert.Equal(AuditActors.System, (await AdminPages.SingleAuditEventAsync(factory, AuditActions.UserDeleted, user.Id)).Actor);
    }

    [Fact]
    public async Task ClientsAddAndRemove_AreAuditedAsSystemWithoutTheSecret()
    {
        var clientId = AdminPages.NewName("cli-");
        const string secret = "cli-secret-value-1";

        (await factory.RunVerbAsync("clients", "add", clientId, "--type", "confidential", "--secret", secret,
            "--grant", "client_credentials", "--scope", "read:items")).AssertSucceeded();
        (await factory.RunVerbAsync("clients", "remove", clientId)).AssertSucceeded();

        var added = await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientAdded, clientId);
        var removed = await AdminPages.SingleAuditEventAsync(factory, AuditActions.ClientRemoved, clientId);
        Assert.Equal(AuditActors.System, added.Actor);
        Assert.Equal(AuditActors.System, removed.Actor);
        Assert.DoesNotContain(secret, added.Details);
    }
}
