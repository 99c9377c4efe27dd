using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace IdentityHost.Accounts;

/// <summary>
/// Dedicated threads that run at a lower CPU priority than the rest of the process (on Linux: nice +10). Password
/// hashing runs here (<see cref="LowPriorityPasswordHasher"/>): when the cores are idle it gets all of them, but under
/// a login storm the threads answering token requests, discovery and the resource API (and other processes on the
/// machine) are scheduled first, so the storm slows logins instead of everything. Lowering one's own priority needs
/// no privilege; where it is not possible the threads simply run at normal priority.
/// </summary>
public sealed class LowPriorityThreads : IDisposable
{
    /// <summary>Nice value of the threads (0 is normal, 19 the lowest): about a tenth of a normal thread's CPU share.</summary>
    public const int Nice = 10;

    private const int PrioProcess = 0;

    private readonly BlockingCollection<Action> _queue = new();

    public LowPriorityThreads()
    {
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"low priority {i + 1}" }.Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on one of the threads and waits for it. The caller blocks rather than awaits on
    /// purpose: these threads must only compute and signal, never queue work to the thread pool, because a thread
    /// the pool would create from one of them would inherit its low priority.
    /// </summary>
    public T Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>();
        _queue.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    private void Run()
    {
        if (OperatingSystem.IsLinux())
        {
            // PRIO_PROCESS with who = 0 is the calling thread on Linux, where the nice value is per thread.
            _ = SetPriority(PrioProcess, 0, Nice);
        }
        foreach (var action in _queue.GetConsumingEnumerable())
        {
            action();
        }
    }

    public void Dispose() => _queue.CompleteAdding();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
