using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityHost.Throttling;

/// <summary>
/// The failure budget of client authentication per client IP, at every endpoint that authenticates clients (token,
/// introspection, revocation): guessing a client secret, and the PBKDF2 hash each wrong guess costs. Clients presenting
/// their right secret never spend it, so services calling at a high rate are not slowed.
/// </summary>
public sealed partial class ClientAuthenticationThrottle : IDisposable
{
    private readonly FailureBudget? _perIp;
    private readonly ILogger<ClientAuthenticationThrottle> _logger;
    private readonly SecurityEvents _events;

    public ClientAuthenticationThrottle(IOptions<IdentityHostOptions> options, SecurityEvents events, ILogger<ClientAuthenticationThrottle> logger)
    {
        _events = events;
        var limits = options.Value.RateLimiting;
        if (limits.Enabled)
        {
            _perIp = new FailureBudget(limits.ClientAuthenticationFailuresPerIp, limits.Window);
        }
        _logger = logger;
    }

    /// <summary>How long to wait when the address has no failures left; null when it may go ahead.</summary>
    public TimeSpan? Refusal(string clientAddress)
    {
        if (_perIp is null || _perIp.HasBudget(clientAddress))
        {
            return null;
        }
        LogRefused(_logger, clientAddress);
        return _perIp.RetryAfter;
    }

    public void RecordFailure(string clientAddress)
    {
        if (_perIp?.Spend(clientAddress) == true)
        {
            LogExhausted(_logger, clientAddress);
            _events.Record(AuditActors.Anonymous, AuditActions.ClientAuthenticationThrottled, "-", $"client authentication failure budget used up by {clientAddress}");
        }
    }

    public void Dispose() => _perIp?.Dispose();

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Client authentication failure budget used up for client address {ClientAddress}; further attempts are refused for a while.")]
    private static partial void LogExhausted(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Client authentication refused (429) for client address {ClientAddress}: failure budget used up.")]
    private static partial void LogRefused(ILogger logger, string clientAddress);
}
