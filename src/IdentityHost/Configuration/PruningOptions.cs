namespace IdentityHost.Configuration;

/// <summary>
/// The <c>IdentityHost:Pruning</c> section: how often and in what batches <see cref="Stores.TokenPruner"/> deletes
/// dead codes, refresh tokens, denied access-token ids, authorizations and old audit events.
/// </summary>
public sealed class PruningOptions
{
    public const int MaxBatchSize = 10_000;

    /// <summary>Run the background pruning service.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between passes; the first pass runs one interval after start-up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most rows one delete statement removes, so a backlog never holds the write lock for long.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// How long a redeemed code or refresh token, and a revoked authorization, is kept. While kept, a replay of a
    /// redeemed token revokes its family (RFC 9700 §4.14.2); after, the replay is still refused but looks like an
    /// unknown token.
    /// </summary>
    public TimeSpan RedeemedTokenRetention { get; set; } = TimeSpan.FromDays(1);
}
