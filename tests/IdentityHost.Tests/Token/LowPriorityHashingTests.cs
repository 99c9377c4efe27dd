using System.Globalization;
using IdentityHost.Accounts;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Token;

/// <summary>
/// Password hashes are computed on dedicated threads of lower CPU priority, so a login storm yields the cores to
/// every other request; the answers are Identity's own.
/// </summary>
public sealed class LowPriorityHashingTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new();

    [Fact]
    public void Hashing_RunsOffTheThreadPool_AtLowerPriority()
    {
        var threads = _factory.Services.GetRequiredService<LowPriorityThreads>();

        var (onPool, nice) = threads.Run(() =>
            (Thread.CurrentThread.IsThreadPoolThread, OperatingSystem.IsLinux() ? CurrentThreadNice() : LowPriorityThreads.Nice));

        Assert.False(onPool);
        Assert.Equal(LowPriorityThreads.Nice, nice);
    }

    [Fact]
    public void TheUsersHasher_IsIdentitysOwn_OnTheLowPriorityThreads()
    {
        var hasher = _factory.Services.GetRequiredService<IPasswordHasher<ApplicationUser>>();
        var user = new ApplicationUser();
        var hash = hasher.HashPassword(user, "right");

        Assert.IsType<LowPriorityPasswordHasher>(hasher);
        // Identity's format: the default hasher verifies what this one stored, and the other way round.
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<ApplicationUser>().VerifyHashedPassword(user, hash, "right"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, "wrong"));
    }

    [Fact]
    public void FailureOfTheWork_ReachesTheCaller()
    {
        var threads = _factory.Services.GetRequiredService<LowPriorityThreads>();

        Assert.Throws<FormatException>(() => threads.Run<int>(() => throw new FormatException()));
    }

    /// <summary>Field 19 of /proc/thread-self/stat (fields counted after the parenthesised command name).</summary>
    private static int CurrentThreadNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }

    public void Dispose() => _factory.Dispose();
}
