using IdentityHost.Accounts;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Token;

/// <summary>
/// Failed passwords that arrive together (a spraying bot) are each counted, and each password evaluation first claims
/// one of the account's remaining attempts: of 50 parallel wrong passwords against an account with lockout threshold 5,
/// at most 5 are ever compared with the account's hash before the lock.
/// </summary>
/// <remarks>
/// The failure budgets (IdentityHost:RateLimiting) are turned off here. They are checked before and spent after an
/// attempt, so they do not stop parallel attempts anyway, but late arrivals could be answered 429 and never reach
/// the lockout: with the budgets on, this test could pass for the budgets' sake rather than the lockout's.
/// </remarks>
public sealed class LockoutRaceTests : IDisposable
{
    private const string Target = "race";
    private readonly CountingHasherFactory _factory = new();

    public LockoutRaceTests()
    {
        // Let every attempt hash at once, so all of them are in flight together, and none give up waiting for a slot
        // on a busy machine (every attempt costs a hash, the refused ones too).
        _factory.Settings["IdentityHost:PasswordHashing:MaxConcurrency"] = "50";
        _factory.Settings["IdentityHost:PasswordHashing:QueueTimeout"] = "00:02:00";
        _factory.WithoutFailureBudgets();
        ThreadPoolHeadroom.Ensure(64);
    }

    [Fact]
    public async Task Password_50ParallelWrongPasswords_EvaluateAtMostTheLockoutThreshold()
    {
        await _factory.CreateUserAsync(Target);
        var client = _factory.CreateClient();
        var maxFailures = new IdentityOptions().Lockout.MaxFailedAccessAttempts;

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => client.PasswordAsync(Target, password: "Wrong-passw0rd"))));

        Assert.All(results, r => Assert.Equal("invalid_grant", r.Error));
        Assert.InRange(_factory.Hasher.Evaluations, 1, maxFailures);
        await _factory.WithUserAsync(Target, async (users, user) => Assert.True(await users.IsLockedOutAsync(user)));
        Assert.Equal("invalid_grant", (await client.PasswordAsync(Target)).Error);
    }

    [Fact]
    public async Task Password_AfterTheLockoutEnds_TheRightPasswordWorksAgain()
    {
        await _factory.CreateUserAsync(Target);
        var client = _factory.CreateClient();
        for (var i = 0; i < new IdentityOptions().Lockout.MaxFailedAccessAttempts; i++) await client.PasswordAsync(Target, password: "Wrong-passw0rd");
        Assert.Equal("invalid_grant", (await client.PasswordAsync(Target)).Error);

        await _factory.WithUserAsync(Target, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddSeconds(-1)));

        Assert.Equal(200, (await client.PasswordAsync(Target)).Status);
    }

    public void Dispose() => _factory.Dispose();

    private sealed class CountingHasherFactory : IdentityHostFactory
    {
        public CountingPasswordHasher Hasher { get; } = new(Target);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher));
        }
    }

    /// <summary>Identity's hasher, counting the verifications against one user's stored hash.</summary>
    private sealed class CountingPasswordHasher(string username) : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _evaluations;

        public int Evaluations => Volatile.Read(ref _evaluations);

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            if (user.UserName == username) Interlocked.Increment(ref _evaluations);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
