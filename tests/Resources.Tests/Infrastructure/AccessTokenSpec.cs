using Microsoft.IdentityModel.Tokens;

namespace Resources.Tests.Infrastructure;

/// <summary>
/// What to put in a test access token. The defaults describe a token the API must accept, so a test changes
/// exactly the one property its rule is about.
/// </summary>
public sealed record AccessTokenSpec
{
    public string? Subject { get; init; } = "alice";

    public string? ClientId { get; init; } = "test-client";

    public string? Scope { get; init; }

    public string? Audience { get; init; } = "resources";

    /// <summary>When null, the test issuer's own issuer identifier.</summary>
    public string? Issuer { get; init; }

    public string TokenType { get; init; } = "at+jwt";

    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>When null, no <c>exp</c> claim at all.</summary>
    public TimeSpan? Lifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When null, signed RS256 with the issuer's current key.</summary>
    public SigningCredentials? SigningCredentials { get; init; }

    /// <summary>Produce an unsigned token (<c>alg: none</c>).</summary>
    public bool Unsigned { get; init; }
}
