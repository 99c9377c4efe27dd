using System.Threading.Channels;
using IdentityHost.Stores;

namespace IdentityHost.Audit;

/// <summary>
/// Writes the security events of the request paths (<see cref="SecurityEvents"/>) to the <c>AuditEvents</c> table in
/// batches, off the request: a sign-in or a token response never waits for the audit insert, and thousands of
/// token issuances per second cost a few inserts of hundreds of rows each. Events wait in a bounded queue; when the
/// store is down they are retried, and only if the queue overflows or the store stays down are events lost from the
/// table (counted and logged — each event was also logged where it happened).
/// </summary>
public sealed partial class AuditWriter(IServiceScopeFactory scopes, SqliteWriteGate gate, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int Capacity = 20_000;
    private const int BatchSize = 500;
    private const int Attempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<AuditEventEntity> _queue = Channel.CreateBounded<AuditEventEntity>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public void Enqueue(AuditEventEntity entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            LogQueueFull(logger, entry.Action);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Shutting down: what is queued is still written (the host bounds how long this may take).
        await DrainAsync(CancellationToken.None);
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEventEntity>(BatchSize);
        while (true)
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
            if (batch.Count == 0) return;
            await WriteAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<AuditEventEntity> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
                await gate.WriteAsync(db, async () =>
                {
                    await AuditEventBatch.InsertAsync(db, batch, CancellationToken.None);
                    return true;
                }, CancellationToken.None);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt == Attempts || stoppingToken.IsCancellationRequested)
                {
                    LogBatchLost(logger, batch.Count, e);
                    return;
                }
                LogBatchRetried(logger, batch.Count, e);
                try { await Task.Delay(RetryDelay, stoppingToken); } catch (OperationCanceledException) { }
            }
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "The audit queue is full: a {Action} event was not stored (it was logged).")]
    private static partial void LogQueueFull(ILogger logger, string action);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Storing {Count} audit events failed; retrying.")]
    private static partial void LogBatchRetried(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error, Message = "Storing {Count} audit events failed repeatedly; they were logged but are not in the audit table.")]
    private static partial void LogBatchLost(ILogger logger, int count, Exception exception);
}
