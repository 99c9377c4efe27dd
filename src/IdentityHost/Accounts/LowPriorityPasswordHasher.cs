using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts;

/// <summary>Identity's own PBKDF2 hasher, run on <see cref="LowPriorityThreads"/> (how many at once is still
/// bounded by <see cref="PasswordHashGate"/>).</summary>
public sealed class LowPriorityPasswordHasher(LowPriorityThreads threads, IOptions<PasswordHasherOptions> options)
    : IPasswordHasher<ApplicationUser>
{
    private readonly PasswordHasher<ApplicationUser> _inner = new(options);

    public string HashPassword(ApplicationUser user, string password) =>
        threads.Run(() => _inner.HashPassword(user, password));

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword) =>
        threads.Run(() => _inner.VerifyHashedPassword(user, hashedPassword, providedPassword));
}
