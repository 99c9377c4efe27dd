using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityHost.Tests.Infrastructure.TokenRequests;

namespace IdentityHost.Tests.Token;

/// <summary>RFC 6749 §4.3: the resource owner password credentials grant, through ASP.NET Core Identity.</summary>
public sealed class PasswordGrantTests(PasswordGrantTests.Host factory) : IClassFixture<PasswordGrantTests.Host>
{
    public sealed class Host : IdentityHostFactory
    {
        public Host() => this.WithoutFailureBudgets();
    }

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Password_RightCredentials_IssuesRfc9068AccessToken()
    {
        var user = await factory.CreateUserAsync("pw-claims");

        var result = await _client.PasswordAsync("pw-claims", scope: "read:items write:items");

        Assert.Equal(200, result.Status);
        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal("at+jwt", token.Typ); // RFC 9068 §2.1
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal(IdentityHostFactory.Issuer, token.Issuer);
        Assert.Equal(user.Id, token.Subject);
        Assert.Equal(["resources"], token.Audiences);
        Assert.Equal("public-app", token.GetClaim("client_id").Value);
        Assert.Equal("read:items write:items", token.GetClaim("scope").Value);
        Assert.False(string.IsNullOrEmpty(token.Id));
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(token.IssuedAt, now.AddSeconds(-2), now.AddSeconds(1));
        Assert.Equal(TimeSpan.FromMinutes(15), token.ValidTo - token.IssuedAt);
        Assert.Equal(900, result.Body.GetProperty("expires_in").GetInt32());
        Assert.False(token.TryGetClaim("roles", out _));
        Assert.Null(result.RefreshToken);
    }

    [Fact]
    public async Task Password_EachTokenHasItsOwnJwtId()
    {
        await factory.CreateUserAsync("pw-jti");

        var first = new JsonWebToken((await _client.PasswordAsync("pw-jti", scope: "read:items")).AccessToken);
        var second = new JsonWebToken((await _client.PasswordAsync("pw-jti", scope: "read:items")).AccessToken);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Password_RolesScope_AddsTheUsersRoles()
    {
        await factory.CreateUserAsync("pw-roles", roles: ["editor", "admin"]);

        var result = await _client.PasswordAsync("pw-roles", scope: "read:items roles");

        var roles = new JsonWebToken(result.AccessToken).Claims.Where(c => c.Type == "roles").Select(c => c.Value).Order();
        Assert.Equal(["admin", "editor"], roles);
    }

    [Fact]
    public async Task Password_OfflineAccess_IssuesRefreshToken()
    {
        await factory.CreateUserAsync("pw-offline");

        var result = await _client.PasswordAsync("pw-offline", scope: "read:items offline_access");

        Assert.False(string.IsNullOrEmpty(result.RefreshToken));
        Assert.True(result.RefreshToken!.Length >= 43); // 256 bits, base64url
    }

    [Fact]
    public async Task Password_OfflineAccessForClientWithoutRefreshGrant_IsDroppedFromTheGrantedScope()
    {
        await factory.CreateUserAsync("pw-limited");

        var result = await _client.PasswordAsync("pw-limited", clientId: "limited", scope: "read:items offline_access");

        Assert.Equal(200, result.Status);
        Assert.Null(result.RefreshToken);
        Assert.Equal("read:items", result.Scope);
    }

    [Fact]
    public async Task Password_UsernameOrEmail_BothSignIn()
    {
        await factory.CreateUserAsync("pw-email", email: "pw-email@example.com");

        var byEmail = await _client.PasswordAsync("pw-email@example.com", scope: "read:items");

        Assert.Equal(200, byEmail.Status);
    }

    [Fact]
    public async Task Password_WrongPasswordAndUnknownUser_GiveIdenticalInvalidGrant()
    {
        await factory.CreateUserAsync("pw-wrong");

        var wrong = await _client.PasswordAsync("pw-wrong", password: "Not-the-passw0rd");
        var unknown = await _client.PasswordAsync("pw-nobody", password: "Not-the-passw0rd");

        Assert.Equal(400, wrong.Status);
        Assert.Equal("invalid_grant", wrong.Error);
        Assert.Equal(wrong.Status, unknown.Status);
        Assert.Equal(wrong.Body.GetRawText(), unknown.Body.GetRawText());
    }

    [Fact]
    public async Task Password_MissingUsernameOrPassword_IsInvalidRequest()
    {
        var result = await _client.PostTokenAsync(Form(("grant_type", "password"), ("client_id", "public-app"), ("username", "someone")));

        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Password_RepeatedFailures_LockTheAccount_EvenAgainstTheRightPassword()
    {
        await factory.CreateUserAsync("pw-lockout");
        var maxFailures = new IdentityOptions().Lockout.MaxFailedAccessAttempts;

        for (var i = 0; i < maxFailures; i++)
        {
            Assert.Equal("invalid_grant", (await _client.PasswordAsync("pw-lockout", password: "Wrong-passw0rd")).Error);
        }
        var locked = await _client.PasswordAsync("pw-lockout");
        var unknown = await _client.PasswordAsync("pw-nobody-at-all");

        Assert.Equal("invalid_grant", locked.Error);
        // A locked account is not revealed: same answer as an unknown user.
        Assert.Equal(unknown.Body.GetRawText(), locked.Body.GetRawText());
        await factory.WithUserAsync("pw-lockout", async (users, user) => Assert.True(await users.IsLockedOutAsync(user)));
    }

    [Fact]
    public async Task Password_SuccessResetsTheFailureCount()
    {
        await factory.CreateUserAsync("pw-reset");
        await _client.PasswordAsync("pw-reset", password: "Wrong-passw0rd");
        await _client.PasswordAsync("pw-reset", password: "Wrong-passw0rd");

        await _client.PasswordAsync("pw-reset");

        await factory.WithUserAsync("pw-reset", async (users, user) => Assert.Equal(0, await users.GetAccessFailedCountAsync(user)));
    }

    [Fact]
    public async Task Password_AdministrativelyLockedUser_IsRefused()
    {
        await factory.CreateUserAsync("pw-admin-locked");
        await factory.WithUserAsync("pw-admin-locked", (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));

        var result = await _client.PasswordAsync("pw-admin-locked");

        Assert.Equal("invalid_grant", result.Error);
    }
}
