namespace IdentityHost.Configuration;

/// <summary>
/// <c>IdentityHost:RateLimiting</c>: failure budgets against password guessing and client-secret guessing. Only
/// failures spend the budget; they are counted in memory, per instance (README: Brute-force protection).
/// </summary>
public sealed class RateLimitingOptions
{
    /// <summary>Off: no budget is checked or spent (Identity lockout still applies).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The sliding window in which failures are counted.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed password sign-ins allowed per username and client IP within the window.</summary>
    public int SignInFailuresPerUsernameAndIp { get; set; } = 5;

    /// <summary>Failed password sign-ins allowed per client IP across all usernames (password spraying).</summary>
    public int SignInFailuresPerIp { get; set; } = 30;

    /// <summary>Failed client authentications (wrong or unknown client secret) allowed per client IP.</summary>
    public int ClientAuthenticationFailuresPerIp { get; set; } = 30;
}
