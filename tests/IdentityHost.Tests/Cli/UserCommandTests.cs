using Microsoft.Extensions.DependencyInjection;
using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.Cli;

/// <summary>DESIGN.md §2: <c>users add|list|set-password|lock|unlock|remove</c>.</summary>
public sealed class UserCommandTests(IdentityHostFactory factory) : IClassFixture<IdentityHostFactory>
{
    private const string NewPassword = "N3w-Passw0rd!";
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task UsersAdd_WithEmailAndRole_StoresConfirmedEmailAndRole()
    {
        var result = await factory.RunVerbAsync("users", "add", "ada", "--password", IdentityHostFactory.Password,
            "--email", "ada@example.com", "--role", "auditor");

        result.AssertSucceeded();
        Assert.Contains("ada", result.Output);
        await factory.WithUserAsync("ada", async (users, user) =>
        {
            Assert.Equal("ada@example.com", user.Email);
            Assert.True(user.EmailConfirmed); // an email the operator gives is taken as confirmed
            Assert.True(await users.IsInRoleAsync(user, "auditor"));
        });
        Assert.Equal(200, (await _http.PasswordAsync("ada")).Status);
    }

    [Fact]
    public async Task UsersAdd_PasswordViolatingPolicy_FailsWithOneLineAndCreatesNoUser()
    {
        var result = await factory.RunVerbAsync("users", "add", "bert", "--password", "qz7");

        result.AssertFailedWithOneLine();
        Assert.DoesNotContain("qz7", result.Error); // the rejected password is not echoed
        await AssertNoUserAsync("bert");
    }

    [Fact]
    public async Task UsersAdd_ExistingUsername_Fails()
    {
        (await factory.RunVerbAsync("users", "add", "cleo", "--password", IdentityHostFactory.Password)).AssertSucceeded();

        var again = await factory.RunVerbAsync("users", "add", "cleo", "--password", NewPassword);

        again.AssertFailedWithOneLine();
        Assert.Equal(200, (await _http.PasswordAsync("cleo")).Status); // the first account is untouched
    }

    [Fact]
    public async Task UsersAdd_WithoutPassword_FailsNamingTheOption()
    {
        var result = await factory.RunVerbAsync("users", "add", "dora");

        Assert.Contains("--password", result.AssertFailedWithOneLine());
        await AssertNoUserAsync("dora");
    }

    [Fact]
    public async Task UsersList_ShowsUsersAndMarksLockedOnes()
    {
        await factory.CreateUserAsync("emil");
        await factory.CreateUserAsync("fern");
        (await factory.RunVerbAsync("users", "lock", "fern")).AssertSucceeded();

        var result = await factory.RunVerbAsync("users", "list");

        result.AssertSucceeded();
        var emil = Assert.Single(result.OutputLines, l => l.StartsWith("emil\t", StringComparison.Ordinal));
        var fern = Assert.Single(result.OutputLines, l => l.StartsWith("fern\t", StringComparison.Ordinal));
        Assert.DoesNotContain("locked", emil);
        Assert.Contains("locked", fern);
    }

    [Fact]
    public async Task UsersSetPassword_NewPasswordWorks_OldFails_SecurityStampChanges()
    {
        var stampBefore = (await factory.CreateUserAsync("gus")).SecurityStamp;

        var result = await factory.RunVerbAsync("users", "set-password", "gus", "--password", NewPassword);

        result.AssertSucceeded();
        Assert.Equal(200, (await _http.PasswordAsync("gus", NewPassword)).Status);
        Assert.Equal("invalid_grant", (await _http.PasswordAsync("gus", IdentityHostFactory.Password)).Error);
        await factory.WithUserAsync("gus", (_, user) =>
        {
            Assert.NotEqual(stampBefore, user.SecurityStamp);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task UsersSetPassword_RejectedByPolicy_KeepsTheOldPassword()
    {
        await factory.CreateUserAsync("hana");

        var result = await factory.RunVerbAsync("users", "set-password", "hana", "--password", "qz7");

        result.AssertFailedWithOneLine();
        Assert.Equal(200, (await _http.PasswordAsync("hana")).Status);
    }

    [Fact]
    public async Task UsersSetPassword_EndsExistingRefreshTokens()
    {
        await factory.CreateUserAsync("ivo");
        var refreshToken = (await _http.PasswordAsync("ivo")).RefreshToken!;

        (await factory.RunVerbAsync("users", "set-password", "ivo", "--password", NewPassword)).AssertSucceeded();

        Assert.Equal("invalid_grant", (await _http.RefreshAsync(refreshToken)).Error);
        // A reset revokes the grants themselves (not only through the stamp check), and is audited.
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHost.Stores.IdentityHostDbContext>();
        var user = db.Users.Single(u => u.UserName == "ivo");
        Assert.All(db.Authorizations.Where(a => a.Subject == user.Id).ToList(), a => Assert.Equal(IdentityHost.Stores.AuthorizationStatuses.Revoked, a.Status));
        Assert.Contains(db.AuditEvents.ToList(), e => e.Action == IdentityHost.Admin.AuditActions.PasswordReset && e.Subject == user.Id && e.Actor == "system");
    }

    [Fact]
    public async Task UsersLock_RefusesTheRightPassword_UnlockRestoresIt()
    {
        await factory.CreateUserAsync("jade");
        var refreshToken = (await _http.PasswordAsync("jade")).RefreshToken!;

        (await factory.RunVerbAsync("users", "lock", "jade")).AssertSucceeded();
        var whileLocked = await _http.PasswordAsync("jade");
        var refreshWhileLocked = await _http.RefreshAsync(refreshToken);
        (await factory.RunVerbAsync("users", "unlock", "jade")).AssertSucceeded();
        var afterUnlock = await _http.PasswordAsync("jade");

        // RFC 6749 §5.2: the resource owner's credentials are not accepted → invalid_grant (no hint that it is a lock).
        Assert.Equal("invalid_grant", whileLocked.Error);
        Assert.Equal("invalid_grant", refreshWhileLocked.Error);
        Assert.Equal(200, afterUnlock.Status);
    }

    [Fact]
    public async Task UsersRemove_RemovesTheAccount()
    {
        await factory.CreateUserAsync("kai");

        var result = await factory.RunVerbAsync("users", "remove", "kai");

        result.AssertSucceeded();
        await AssertNoUserAsync("kai");
        Assert.Equal("invalid_grant", (await _http.PasswordAsync("kai")).Error);
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("lock")]
    [InlineData("unlock")]
    public async Task Users_UnknownUsername_FailsWithOneLine(string action)
    {
        var result = await factory.RunVerbAsync("users", action, "nobody-here");

        Assert.Contains("nobody-here", result.AssertFailedWithOneLine());
    }

    [Theory]
    [InlineData("users", "frobnicate")]
    [InlineData("users")]
    public async Task Users_UnknownOrMissingAction_FailsWithOneLine(params string[] args)
    {
        var result = await factory.RunVerbAsync(args);

        result.AssertFailedWithOneLine();
    }

    private async Task AssertNoUserAsync(string username)
    {
        var list = await factory.RunVerbAsync("users", "list");
        Assert.DoesNotContain(list.OutputLines, l => l.StartsWith(username + "\t", StringComparison.Ordinal));
    }
}
