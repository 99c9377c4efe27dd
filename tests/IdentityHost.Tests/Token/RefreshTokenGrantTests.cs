using IdentityHost.Protocol;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityHost.Tests.Token;

/// <summary>RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2).</summary>
public sealed class RefreshTokenGrantTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();
    private readonly HttpClient _client;

    public RefreshTokenGrantTests()
    {
        _factory.Settings["IdentityHost:Tokens:RefreshTokenReuseGrace"] = "00:00:02";
        _factory.Settings["IdentityHost:Tokens:RefreshTokenSlidingLifetime"] = "1.00:00:00";
        _factory.Settings["IdentityHost:Tokens:RefreshTokenAbsoluteLifetime"] = "3.00:00:00";
        _client = _factory.CreateClient();
    }

    private async Task<string> SignInAsync(string username, string scope = "read:items write:items offline_access", string clientId = "public-app")
    {
        await _factory.CreateUserAsync(username);
        var result = await _client.PasswordAsync(username, clientId: clientId, scope: scope);
        Assert.Equal(200, result.Status);
        return result.RefreshToken!;
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_AndTheOldOneStopsWorking()
    {
        var first = await SignInAsync("rt-rotate");

        var refreshed = await _client.RefreshAsync(first);
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var reused = await _client.RefreshAsync(first);

        Assert.Equal(200, refreshed.Status);
        Assert.NotNull(refreshed.AccessToken);
        Assert.NotNull(refreshed.RefreshToken);
        Assert.NotEqual(first, refreshed.RefreshToken);
        Assert.Equal("invalid_grant", reused.Error);
    }

    [Fact]
    public async Task Refresh_KeepsSubjectAndScope()
    {
        var first = await SignInAsync("rt-claims");
        var original = await _client.PasswordAsync("rt-claims", scope: "read:items write:items offline_access");

        var refreshed = await _client.RefreshAsync(first);

        var before = new JsonWebToken(original.AccessToken);
        var after = new JsonWebToken(refreshed.AccessToken);
        Assert.Equal(before.Subject, after.Subject);
        Assert.Equal("offline_access read:items write:items", refreshed.Scope);
        Assert.Equal(before.GetClaim("scope").Value, after.GetClaim("scope").Value);
    }

    [Fact]
    public async Task Refresh_ReplayAfterGrace_RevokesTheWholeFamily()
    {
        var first = await SignInAsync("rt-replay");
        var second = (await _client.RefreshAsync(first)).RefreshToken!;
        _factory.Clock.Advance(TimeSpan.FromSeconds(3));

        var replay = await _client.RefreshAsync(first);
        var legitimate = await _client.RefreshAsync(second);

        Assert.Equal("invalid_grant", replay.Error);
        // RFC 9700 §4.14.2: the attacker's and the victim's tokens both die, so a stolen token is noticed.
        Assert.Equal("invalid_grant", legitimate.Error);
    }

    [Fact]
    public async Task Refresh_ReplayWithinGrace_FailsButLeavesTheFamilyAlive()
    {
        var first = await SignInAsync("rt-grace");
        var second = (await _client.RefreshAsync(first)).RefreshToken!;
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var concurrentLoser = await _client.RefreshAsync(first);
        var winnerContinues = await _client.RefreshAsync(second);

        Assert.Equal("invalid_grant", concurrentLoser.Error);
        Assert.Equal(200, winnerContinues.Status);
    }

    [Fact]
    public async Task Refresh_ConcurrentRedemptionOfOneToken_HasExactlyOneWinner()
    {
        var token = await SignInAsync("rt-race");
        ThreadPoolHeadroom.Ensure();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _client.RefreshAsync(token))));

        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal("invalid_grant", r.Error));
    }

    [Fact]
    public async Task Refresh_ByAnotherClient_IsInvalidGrant_AndTheTokenStillWorksForItsOwner()
    {
        var token = await SignInAsync("rt-other-client");

        var stolen = await _client.RefreshAsync(token, clientId: "other-app");
        var owner = await _client.RefreshAsync(token);

        Assert.Equal("invalid_grant", stolen.Error);
        Assert.Equal(200, owner.Status);
    }

    [Fact]
    public async Task Refresh_NarrowerScope_IsGrantedToTheAccessToken_AndTheFamilyKeepsTheOriginal()
    {
        var token = await SignInAsync("rt-narrow");

        var narrowed = await _client.RefreshAsync(token, scope: "read:items");
        var next = await _client.RefreshAsync(narrowed.RefreshToken!);

        Assert.Equal("read:items", narrowed.Scope);
        Assert.Equal("read:items", new JsonWebToken(narrowed.AccessToken).GetClaim("scope").Value);
        // RFC 6749 §6: the new refresh token's scope is identical to the one it replaces.
        Assert.Equal("offline_access read:items write:items", next.Scope);
    }

    [Fact]
    public async Task Refresh_WiderScope_IsInvalidScope()
    {
        var token = await SignInAsync("rt-widen", scope: "read:items offline_access");

        var result = await _client.RefreshAsync(token, scope: "read:items write:items");

        Assert.Equal("invalid_scope", result.Error);
    }

    [Fact]
    public async Task Refresh_UnknownToken_IsInvalidGrant()
    {
        var result = await _client.RefreshAsync("not-a-token-we-issued");

        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task Refresh_MissingToken_IsInvalidRequest()
    {
        var result = await _client.PostTokenAsync(TokenRequests.Form(("grant_type", "refresh_token"), ("client_id", "public-app")));

        Assert.Equal("invalid_request", result.Error);
    }

    [Fact]
    public async Task Refresh_AfterSlidingLifetime_IsInvalidGrant()
    {
        var token = await SignInAsync("rt-sliding");

        _factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var result = await _client.RefreshAsync(token);

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task Refresh_EachRotationRestartsTheSlidingLifetime_ButNotPastTheAbsoluteOne()
    {
        var token = await SignInAsync("rt-absolute");

        // Rotating every 20 hours keeps a 1-day sliding token alive...
        for (var i = 0; i < 3; i++)
        {
            _factory.Clock.Advance(TimeSpan.FromHours(20));
            var rotated = await _client.RefreshAsync(token);
            Assert.Equal(200, rotated.Status);
            token = rotated.RefreshToken!;
        }
        // ...until the family's 3-day absolute lifetime (60 h used, 12 h + 1 s more is past 72 h).
        _factory.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        var result = await _client.RefreshAsync(token);

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task Refresh_DeletedUser_IsInvalidGrant()
    {
        var token = await SignInAsync("rt-deleted");
        await _factory.WithUserAsync("rt-deleted", (users, user) => users.DeleteAsync(user));

        var result = await _client.RefreshAsync(token);

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task Refresh_LockedOutUser_IsInvalidGrant()
    {
        var token = await SignInAsync("rt-locked");
        await _factory.WithUserAsync("rt-locked", (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));

        var result = await _client.RefreshAsync(token);

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task Refresh_AfterSecurityStampChange_IsInvalidGrant()
    {
        var token = await SignInAsync("rt-stamp");
        await _factory.WithUserAsync("rt-stamp", (users, user) => users.UpdateSecurityStampAsync(user));

        var result = await _client.RefreshAsync(token);

        Assert.Equal("invalid_grant", result.Error);
    }

    [Fact]
    public async Task RefreshTokens_AreStoredOnlyAsHashes()
    {
        var token = await SignInAsync("rt-hashed");

        var hashes = await TestStore.QueryAsync(_factory.Directory, """SELECT "Hash" FROM "Tokens" WHERE "Type" = @type""",
            ("type", TokenTypes.RefreshToken));

        Assert.Contains(TokenHasher.Hash(token), hashes);
        Assert.DoesNotContain(token, hashes);
        Assert.DoesNotContain(token, await TestStore.DumpAsync(_factory.Directory));
    }

    public void Dispose() => _factory.Dispose();
}
