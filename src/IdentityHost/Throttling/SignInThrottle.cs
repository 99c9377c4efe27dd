using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityHost.Throttling;

/// <summary>
/// Failure budgets of password sign-in (login page, link page, password grant): per username and client IP (guessing
/// one account's password) and per client IP across usernames (password spraying). A success neither spends nor resets
/// them: a rate limiter cannot give permits back, and a user who got the password right has no further need of them.
/// </summary>
public sealed partial class SignInThrottle : IDisposable
{
    private readonly FailureBudget? _perUsernameAndIp;
    private readonly FailureBudget? _perIp;
    private readonly ILogger<SignInThrottle> _logger;
    private readonly SecurityEvents _events;

    public SignInThrottle(IOptions<IdentityHostOptions> options, SecurityEvents events, ILogger<SignInThrottle> logger)
    {
        _events = events;
        var limits = options.Value.RateLimiting;
        if (limits.Enabled)
        {
            _perUsernameAndIp = new FailureBudget(limits.SignInFailuresPerUsernameAndIp, limits.Window);
            _perIp = new FailureBudget(limits.SignInFailuresPerIp, limits.Window);
        }
        _logger = logger;
    }

    /// <summary>How long to wait when a budget of this attempt is spent; null when it may go ahead.</summary>
    public TimeSpan? Refusal(string username, string clientAddress)
    {
        if (_perUsernameAndIp is null || _perIp is null)
        {
            return null;
        }
        if (!_perIp.HasBudget(clientAddress))
        {
            LogRefused(_logger, clientAddress, "per IP");
            return _perIp.RetryAfter;
        }
        if (!_perUsernameAndIp.HasBudget(UsernameKey(username, clientAddress)))
        {
            LogRefused(_logger, clientAddress, "per username and IP");
            return _perUsernameAndIp.RetryAfter;
        }
        return null;
    }

    /// <summary>Spends one failure of each budget (logged once, when one runs out).</summary>
    public void RecordFailure(string username, string clientAddress)
    {
        if (_perUsernameAndIp is null || _perIp is null)
        {
            return;
        }
        if (_perIp.Spend(clientAddress)) Exhausted(clientAddress, "per IP");
        if (_perUsernameAndIp.Spend(UsernameKey(username, clientAddress))) Exhausted(clientAddress, "per username and IP");
    }

    private void Exhausted(string clientAddress, string budget)
    {
        LogExhausted(_logger, clientAddress, budget);
        _events.Record(AuditActors.Anonymous, AuditActions.SignInThrottled, "-", $"failure budget {budget} used up by {clientAddress}");
    }

    // Case-insensitive as Identity's user lookup is (its default normalizer: Unicode-normalized, upper-invariant), so
    // "Alice" and "ALICE" share one budget. The address has no line break, so the key is unambiguous.
    private static string UsernameKey(string username, string clientAddress) =>
        clientAddress + "\n" + username.Normalize().ToUpperInvariant();

    public void Dispose()
    {
        _perUsernameAndIp?.Dispose();
        _perIp?.Dispose();
    }

    // The username is not logged: a failed attempt's "username" is often a password typed in the wrong field.
    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Password sign-in failure budget {Budget} used up for client {ClientAddress}; further attempts are refused for a while.")]
    private static partial void LogExhausted(ILogger logger, string clientAddress, string budget);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Password sign-in refused (429) for client {ClientAddress}: failure budget {Budget} used up.")]
    private static partial void LogRefused(ILogger logger, string clientAddress, string budget);
}
