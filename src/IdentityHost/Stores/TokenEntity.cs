namespace IdentityHost.Stores;

/// <summary>
/// A stored token: an authorization code, a refresh token, or the id of a revoked access token. Only the SHA-256
/// of the value is kept (<see cref="Protocol.TokenHasher"/>).
/// </summary>
public sealed class TokenEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public required string Type { get; set; }
    public required string Hash { get; set; }
    public string Status { get; set; } = TokenStatuses.Valid;
    public required string ClientId { get; set; }
    public string? Subject { get; set; }
    public string? AuthorizationId { get; set; }
    public List<string> Scopes { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    /// <summary>When this token stops working (for refresh tokens, the sliding expiry capped by the absolute one).</summary>
    public DateTime ExpiresAt { get; set; }
    /// <summary>The end of the family's absolute lifetime, carried from token to token on rotation.</summary>
    public DateTime? AbsoluteExpiresAt { get; set; }
    public DateTime? RedeemedAt { get; set; }
    /// <summary>Type-specific data as JSON (for authorization codes: <see cref="AuthorizationCodePayload"/>).</summary>
    public string? Payload { get; set; }
}

/// <summary>What an authorization code is bound to (RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.2.1).</summary>
public sealed record AuthorizationCodePayload(string RedirectUri, string? CodeChallenge, string? Nonce);

public static class TokenTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string AccessToken = "access_token";
}

public static class TokenStatuses
{
    public const string Valid = "valid";
    public const string Redeemed = "redeemed";
    public const string Revoked = "revoked";
}
