using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>
/// Runs this process's SQLite writes one after another on a single writer loop. SQLite has one write lock for the
/// whole file; a writer that finds it taken waits in SQLite's busy handler, which sleeps on a thread-pool thread in
/// growing steps (1, 2, 5 … 100 ms), so under load dozens of requests slept on blocked threads while the lock sat free
/// between their naps. A plain async lock was no better: each hand-over went through the thread-pool queue, behind
/// the other requests' work, while the lock waited. Here a request hands its write to the loop and awaits the result;
/// the loop runs the queued writes back to back (Microsoft.Data.Sqlite completes them synchronously) and never meets
/// a lock held by this process. Other processes on the same file (the CLI) still meet the busy timeout. PostgreSQL
/// locks rows, not the database: there each write runs where it is called.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly Channel<Func<Task>> _writes = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });

    public SqliteWriteGate() => _ = Task.Run(RunWritesAsync);

    /// <summary>
    /// Runs <paramref name="write"/> (which uses <paramref name="db"/>, and nothing else that needs the gate) on the
    /// writer loop when <paramref name="db"/> is SQLite. The caller must not use the context until this completes.
    /// </summary>
    public Task<T> WriteAsync<T>(DbContext db, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return write();
        }
        // Asynchronous continuations: the caller's request goes on on its own thread, not on the writer loop.
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _writes.Writer.TryWrite(async () =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                done.TrySetResult(await write());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        if (!queued)
        {
            throw new ObjectDisposedException(nameof(SqliteWriteGate));
        }
        return done.Task;
    }

    private async Task RunWritesAsync()
    {
        await foreach (var write in _writes.Reader.ReadAllAsync())
        {
            await write();
        }
    }

    public void Dispose() => _writes.Writer.TryComplete();
}
