using IdentityHost.Admin;
using IdentityHost.Tests.Infrastructure;
using IdentityHost.Tests.Introspection;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Tests.Audit;

/// <summary>
/// Issue #5 §6: the security events of the request paths are in the audit trail — sign-in success and failure,
/// lockout, token issuance (client, user, grant, scopes; never a token), refresh-token and code reuse, revocation —
/// each saying where the request came from.
/// </summary>
public sealed class SecurityEventsTests : IDisposable
{
    // The failure budgets would answer 429 at the lockout threshold; their own audit record is tested below.
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithResourceServers().WithoutFailureBudgets();
    private readonly HttpClient _client;

    public SecurityEventsTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task PasswordGrant_RecordsSignIn_AndIssuance_WithoutTokenValues()
    {
        var user = await _factory.CreateUserAsync("audit-ok");

        var tokens = await _client.PasswordAsync("audit-ok");

        Assert.Equal(200, tokens.Status);
        var signIn = await AuditTrail.WaitForAsync(_factory, AuditActions.SignInSucceeded, e => e.Subject == user.Id);
        Assert.Equal(user.Id, signIn.Actor);
        Assert.Contains("/connect/token", signIn.Details);
        var issued = await AuditTrail.WaitForAsync(_factory, AuditActions.TokensIssued, e => e.Subject == user.Id);
        Assert.Equal("client:public-app", issued.Actor);
        Assert.Contains("grant password", issued.Details);
        Assert.Contains("scopes 'offline_access read:items'", issued.Details);
        Assert.Contains("refresh token yes", issued.Details);
        foreach (var entry in await AuditTrail.AllAsync(_factory))
        {
            var text = $"{entry.Actor} {entry.Subject} {entry.Details}";
            Assert.DoesNotContain(tokens.AccessToken!, text);
            Assert.DoesNotContain(tokens.RefreshToken!, text);
            Assert.DoesNotContain(IdentityHostFactory.Password, text);
        }
    }

    [Fact]
    public async Task FailedSignIns_AreRecorded_WithTheReason_ButNotTheNameTypedForAnUnknownUser()
    {
        var user = await _factory.CreateUserAsync("audit-wrong");

        await _client.PasswordAsync("audit-wrong", "not-the-password");
        await _client.PasswordAsync("nobody-by-this-name", "whatever");

        var wrong = await AuditTrail.WaitForAsync(_factory, AuditActions.SignInFailed, e => e.Subject == user.Id);
        Assert.Contains("wrong password", wrong.Details);
        Assert.Equal(AuditActors.Anonymous, wrong.Actor);
        var unknown = await AuditTrail.WaitForAsync(_factory, AuditActions.SignInFailed, e => e.Details.Contains("unknown user"));
        Assert.Equal("-", unknown.Subject);
        // A mistyped name is often a password typed into the wrong field: it is not kept.
        Assert.DoesNotContain(await AuditTrail.AllAsync(_factory), e => $"{e.Subject} {e.Details}".Contains("nobody-by-this-name"));
        Assert.DoesNotContain(await AuditTrail.AllAsync(_factory), e => e.Details.Contains("not-the-password"));
    }

    [Fact]
    public async Task Lockout_IsRecorded()
    {
        var user = await _factory.CreateUserAsync("audit-lock");
        var threshold = new IdentityOptions().Lockout.MaxFailedAccessAttempts;

        for (var i = 0; i < threshold; i++) await _client.PasswordAsync("audit-lock", "wrong");

        var locked = await AuditTrail.WaitForAsync(_factory, AuditActions.UserLockedOut, e => e.Subject == user.Id);
        Assert.Equal(AuditActors.System, locked.Actor);
        await _client.PasswordAsync("audit-lock");
        await AuditTrail.WaitForAsync(_factory, AuditActions.SignInFailed, e => e.Subject == user.Id && e.Details.Contains("account locked"));
    }

    [Fact]
    public async Task ClientCredentials_IssuanceNamesTheClientAsSubject()
    {
        var tokens = await _client.PostTokenAsync(TokenRequests.Form(("grant_type", "client_credentials"), ("scope", "read:items")),
            basic: ("service", IdentityHostFactory.ServiceSecret));

        Assert.Equal(200, tokens.Status);
        var issued = await AuditTrail.WaitForAsync(_factory, AuditActions.TokensIssued, e => e.Subject == "client:service");
        Assert.Contains("grant client_credentials", issued.Details);
        Assert.Contains("refresh token no", issued.Details);
    }

    [Fact]
    public async Task RefreshTokenReplay_IsRecorded()
    {
        var user = await _factory.CreateUserAsync("audit-replay");
        var first = (await _client.PasswordAsync("audit-replay")).RefreshToken!;
        Assert.Equal(200, (await _client.RefreshAsync(first)).Status);
        _factory.Clock.Advance(TimeSpan.FromMinutes(1)); // past the reuse grace

        Assert.Equal("invalid_grant", (await _client.RefreshAsync(first)).Error);

        var reused = await AuditTrail.WaitForAsync(_factory, AuditActions.RefreshTokenReused, _ => true);
        Assert.Equal("client:public-app", reused.Actor);
        Assert.Contains(user.Id, reused.Details);
    }

    [Fact]
    public async Task Revocation_IsRecorded_ForBothTokenTypes()
    {
        var user = await _factory.CreateUserAsync("audit-revoke");
        var tokens = await _client.PasswordAsync("audit-revoke");

        await _client.RevokeAsync(tokens.AccessToken);
        await _client.RevokeAsync(tokens.RefreshToken);

        await AuditTrail.WaitForAsync(_factory, AuditActions.TokenRevoked, e => e.Subject == user.Id && e.Details.StartsWith("access token"));
        await AuditTrail.WaitForAsync(_factory, AuditActions.TokenRevoked, e => e.Details.StartsWith($"refresh token of user {user.Id}"));
    }

    [Fact]
    public async Task UsedUpFailureBudget_IsRecordedOnce()
    {
        await using var throttled = new IdentityHostFactory();
        throttled.Settings["IdentityHost:RateLimiting:SignInFailuresPerUsernameAndIp"] = "2";
        var client = throttled.CreateClient();
        await throttled.CreateUserAsync("audit-budget");

        for (var i = 0; i < 4; i++) await client.PasswordAsync("audit-budget", "wrong");

        await AuditTrail.WaitForAsync(throttled, AuditActions.SignInThrottled, e => e.Details.Contains("per username and IP"));
        await Task.Delay(300);
        Assert.Single(await AuditTrail.AllAsync(throttled), e => e.Action == AuditActions.SignInThrottled);
    }

    [Fact]
    public async Task LoginPage_SignIn_IsRecordedWithThePage()
    {
        var user = await _factory.CreateUserAsync("audit-page");

        await BrowserFlow.SignInAsync(_factory.CreateBrowser(), "audit-page");

        var signIn = await AuditTrail.WaitForAsync(_factory, AuditActions.SignInSucceeded, e => e.Subject == user.Id);
        Assert.Contains("at /account/login", signIn.Details);
    }
}
