namespace IdentityHost.Tests.Infrastructure;

/// <summary>
/// The failure budgets (IdentityHost:RateLimiting) count per client IP, and every request through the test server
/// comes from the same (absent) address. Hosts shared by many tests, and tests of the lockout — whose threshold equals
/// the per-username budget, so the budget would answer 429 before the lockout could be seen — turn them off; the
/// budgets have their own tests (Throttling/).
/// </summary>
public static class FailureBudgets
{
    public static T WithoutFailureBudgets<T>(this T factory) where T : IdentityHostFactory
    {
        factory.Settings["IdentityHost:RateLimiting:Enabled"] = "false";
        return factory;
    }
}
