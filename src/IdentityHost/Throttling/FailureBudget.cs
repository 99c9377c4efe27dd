using System.Threading.RateLimiting;

namespace IdentityHost.Throttling;

/// <summary>
/// A number of failures allowed per key (a client IP, a username and IP) within a sliding window. Only failures spend
/// it: callers ask <see cref="HasBudget"/> before the work and <see cref="Spend"/> after it failed, so successes never
/// eat the budget. Concurrent attempts may all pass the check before any spends; the per-account lockout (a database
/// write) is what bounds those, this bounds the rate over time.
/// </summary>
/// <remarks>
/// Memory: <see cref="PartitionedRateLimiter"/> drops a partition once its limiter has been idle (every permit back)
/// for about ten seconds, so a key lives at most one window plus that after its last failure, and a key that was only
/// checked lives about ten seconds. Keys are made only by requests whose failures cost a password or secret hash, which
/// the hash gate bounds, so the number of live partitions is bounded by the hashing rate times the window.
/// </remarks>
public sealed class FailureBudget : IDisposable
{
    // The window slides in steps of Window / 15 (one minute for the default 15 minutes).
    private const int SegmentsPerWindow = 15;
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailureBudget(int failures, TimeSpan window)
    {
        var options = new SlidingWindowRateLimiterOptions
        {
            PermitLimit = failures,
            Window = window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0,
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => options));
        // The sliding limiter gives no Retry-After of its own: the earliest moment a failure can leave the window is the
        // next step, so that is what a refused caller is told (asking again then may be refused again).
        RetryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(window.TotalSeconds / SegmentsPerWindow)));
    }

    /// <summary>How long a refused caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>True while <paramref name="key"/> has failures left in the window.</summary>
    public bool HasBudget(string key)
    {
        using var lease = _limiter.AttemptAcquire(key, permitCount: 0);
        return lease.IsAcquired;
    }

    /// <summary>Spends one failure; true when it was the last one left (the key is refused from now on).</summary>
    public bool Spend(string key)
    {
        using var lease = _limiter.AttemptAcquire(key, permitCount: 1);
        return lease.IsAcquired && _limiter.GetStatistics(key)?.CurrentAvailablePermits == 0;
    }

    public void Dispose() => _limiter.Dispose();
}
