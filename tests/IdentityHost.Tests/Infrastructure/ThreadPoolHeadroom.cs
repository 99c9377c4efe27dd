namespace IdentityHost.Tests.Infrastructure;

/// <summary>
/// Race tests need their requests to overlap. Password hashing and Microsoft.Data.Sqlite block their threads, so on a
/// 2-core machine the pool's few threads would run such requests one after another and hide the race.
/// </summary>
public static class ThreadPoolHeadroom
{
    public static void Ensure(int threads = 32)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, threads), io);
    }
}
