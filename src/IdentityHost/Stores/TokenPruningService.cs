using IdentityHost.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityHost.Stores;

/// <summary>
/// Runs <see cref="TokenPruner"/> every <see cref="PruningOptions.Interval"/>, the first time one interval after
/// start-up. A failing pass (a locked or unreachable database) is logged and tried again at the next interval; it
/// never stops the host.
/// </summary>
public sealed partial class TokenPruningService(
    IServiceScopeFactory scopes,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    ILogger<TokenPruningService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pruning = options.Value.Pruning;
        if (!pruning.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(pruning.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PruneOnceAsync(pruning.Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneOnceAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TokenPruner>().PruneAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogPassFailed(logger, interval, e);
        }
    }

    [LoggerMessage(EventId = 2702, Level = LogLevel.Warning, Message = "Pruning pass failed; retrying in {Interval}.")]
    private static partial void LogPassFailed(ILogger logger, TimeSpan interval, Exception exception);
}
