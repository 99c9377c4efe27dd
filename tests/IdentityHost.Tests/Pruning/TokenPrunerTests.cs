using System.Data.Common;
using IdentityHost.Configuration;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IdentityHost.Tests.Pruning;

/// <summary>
/// One pruning pass removes exactly what can no longer be used and nothing alive. Defaults: access tokens live
/// 15 min (+30 s skew), codes 5 min, redeemed tokens and revoked authorizations are kept 1 day, audit events 90 days.
/// </summary>
public sealed class TokenPrunerTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly IdentityHostFactory _factory = new();
    private readonly PruningRows _rows;

    public TokenPrunerTests() => _rows = new PruningRows(_factory);

    [Fact]
    public async Task Prune_MixOfLiveAndDeadRows_RemovesExactlyTheDeadOnes()
    {
        _rows
            // A long-lived family: its valid refresh token, a rotated one within retention, one past it, one long
            // expired, and one expired less than an access-token lifetime ago (its access token may still be in use).
            .Authorization("family", 30 * Day)
            .Token("family-valid", "family", 10 * Day)
            .Token("family-redeemed-recently", "family", 10 * Day, redeemedAgo: 23 * Hour)
            .Token("family-redeemed-past-retention", "family", 10 * Day, redeemedAgo: 25 * Hour, age: 2 * Day)
            .Token("family-expired", "family", -16 * Minute)
            .Token("family-expired-recently", "family", -14 * Minute)
            // A code never exchanged: it expired, and its family with it.
            .Authorization("abandoned-code", 2 * Hour)
            .Token("abandoned-code-token", "abandoned-code", -115 * Minute, TokenTypes.AuthorizationCode)
            // A code just exchanged (no refresh token): its family stays while the access token may be in use.
            .Authorization("fresh-code", 10 * Minute)
            .Token("fresh-code-token", "fresh-code", -5 * Minute, TokenTypes.AuthorizationCode, redeemedAgo: 9 * Minute)
            // Families emptied by earlier passes: gone only once older than code + access-token lifetime + skew.
            .Authorization("empty-old", 21 * Minute)
            .Authorization("empty-young", 20 * Minute)
            // Revoked families: kept for the retention (counted from creation), then removed with their tokens.
            .Authorization("revoked-old", 2 * Day, status: AuthorizationStatuses.Revoked)
            .Token("revoked-old-token", "revoked-old", 10 * Day, status: TokenStatuses.Revoked)
            .Token("revoked-old-denied-jti", "revoked-old", 10 * Minute, TokenTypes.AccessToken, TokenStatuses.Revoked)
            .Authorization("revoked-recent", 23 * Hour, status: AuthorizationStatuses.Revoked)
            .Token("revoked-recent-token", "revoked-recent", 10 * Day, status: TokenStatuses.Revoked)
            // Remembered consents: kept however old, unless revoked.
            .Authorization("consent", 400 * Day, AuthorizationTypes.Permanent)
            .Authorization("consent-revoked-old", 2 * Day, AuthorizationTypes.Permanent, AuthorizationStatuses.Revoked)
            .Authorization("consent-revoked-recent", Hour, AuthorizationTypes.Permanent, AuthorizationStatuses.Revoked)
            // Denied access-token ids: kept until the token would have expired, however long ago it was revoked.
            .Token("denied-expired", null, -TimeSpan.FromSeconds(1), TokenTypes.AccessToken, TokenStatuses.Revoked)
            .Token("denied-live", null, Minute, TokenTypes.AccessToken, TokenStatuses.Revoked, age: 2 * Day)
            .AuditEvent("audit-old", 91 * Day)
            .AuditEvent("audit-recent", 89 * Day);
        await _rows.SaveAsync();

        var result = await _rows.PruneAsync();

        var (tokens, authorizations, audit) = await _rows.RemainingAsync();
        Assert.Equal(
            ["denied-live", "family-expired-recently", "family-redeemed-recently", "family-valid", "fresh-code-token", "revoked-recent-token"],
            tokens);
        Assert.Equal(["consent", "consent-revoked-recent", "empty-young", "family", "fresh-code", "revoked-recent"], authorizations);
        Assert.Equal(["audit-recent"], audit);
        Assert.Equal(new PruningResult(ExpiredTokens: 2, ExpiredDeniedAccessTokens: 1, RedeemedTokens: 1, RevokedFamilyTokens: 2,
            RevokedAuthorizations: 2, EmptyAuthorizations: 2, AuditEvents: 1), result);
    }

    [Fact]
    public async Task Prune_BacklogLargerThanABatch_RemovesItAllWithNoStatementOverTheBatchSize()
    {
        const int batchSize = 3;
        _factory.Settings["IdentityHost:Pruning:BatchSize"] = batchSize.ToString();
        _rows.Authorization("live", Day).Token("live-token", "live", Day);
        for (var i = 0; i < 7; i++)
        {
            _rows.Authorization($"expired-{i}", 2 * Hour).Token($"expired-{i}-token", $"expired-{i}", -Hour)
                .Token($"denied-{i}", null, -Minute, TokenTypes.AccessToken, TokenStatuses.Revoked)
                .Token($"redeemed-{i}", "live", Day, redeemedAgo: 2 * Day)
                .Authorization($"revoked-{i}", 2 * Day, status: AuthorizationStatuses.Revoked)
                .Token($"revoked-{i}-a", $"revoked-{i}", Day, status: TokenStatuses.Revoked)
                .Token($"revoked-{i}-b", $"revoked-{i}", Day, status: TokenStatuses.Revoked)
                .AuditEvent($"audit-{i}", 100 * Day);
        }
        await _rows.SaveAsync();
        var deletes = new DeleteCounter();

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var contextOptions = new DbContextOptionsBuilder<IdentityHostDbContext>(
                scope.ServiceProvider.GetRequiredService<DbContextOptions<IdentityHostDbContext>>()).AddInterceptors(deletes).Options;
            await using var db = new IdentityHostDbContext(contextOptions);
            var pruner = new TokenPruner(db, scope.ServiceProvider.GetRequiredService<SqliteWriteGate>(),
                scope.ServiceProvider.GetRequiredService<IOptions<IdentityHostOptions>>(), _factory.Clock,
                NullLogger<TokenPruner>.Instance);
            await pruner.PruneAsync(CancellationToken.None);
        }

        var (tokens, authorizations, audit) = await _rows.RemainingAsync();
        Assert.Equal(["live-token"], tokens);
        Assert.Equal(["live"], authorizations);
        Assert.Empty(audit);
        Assert.All(deletes.Counts, count => Assert.InRange(count, 0, batchSize));
        // Every deleted row was counted by a statement: nothing went by cascade behind the batch limit.
        Assert.Equal(7 * 8, deletes.Counts.Sum());
    }

    [Fact]
    public async Task Refresh_ReplayOfARotatedTokenWithinRetention_StillRevokesTheFamilyAfterAPass()
    {
        var client = _factory.CreateClient();
        await _factory.CreateUserAsync("replayer");
        var first = (await client.PasswordAsync("replayer")).RefreshToken!;
        var second = (await client.RefreshAsync(first)).RefreshToken!;
        _factory.Clock.Advance(23 * Hour);

        await _rows.PruneAsync();
        var replay = await client.RefreshAsync(first);
        var successor = await client.RefreshAsync(second);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal("invalid_grant", successor.Error); // RFC 9700 §4.14.2: the family is revoked
    }

    [Fact]
    public async Task Refresh_ReplayOfARotatedTokenPastRetention_IsRefusedWithoutRevokingTheFamily()
    {
        var client = _factory.CreateClient();
        await _factory.CreateUserAsync("late-replayer");
        var first = (await client.PasswordAsync("late-replayer")).RefreshToken!;
        var second = (await client.RefreshAsync(first)).RefreshToken!;
        _factory.Clock.Advance(25 * Hour);

        await _rows.PruneAsync();
        var replay = await client.RefreshAsync(first);
        var successor = await client.RefreshAsync(second);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal(200, successor.Status); // the documented trade-off of RedeemedTokenRetention
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>The affected-row count of every DELETE statement.</summary>
    private sealed class DeleteCounter : DbCommandInterceptor
    {
        public List<int> Counts { get; } = [];

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
            {
                Counts.Add(result);
            }
            return ValueTask.FromResult(result);
        }
    }
}
