using IdentityHost.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityHost.Keys;

/// <summary>
/// Runs <see cref="SigningKeyLifecycle.CheckAsync"/> every <c>IdentityHost:SigningKeys:CheckInterval</c> on the
/// injected clock's timer: how long another instance's or the command line's key change takes to reach this one.
/// Not run for an operator-supplied key file.
/// </summary>
public sealed partial class SigningKeyRotationService(
    SigningKeyLifecycle lifecycle,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    ILogger<SigningKeyRotationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.SigningKeys;
        if (!string.IsNullOrEmpty(settings.Path)) return;
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await lifecycle.CheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The keys loaded last stay in use; the next tick tries again.
                    LogCheckFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Signing key check failed; the keys loaded last stay in use.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
