namespace IdentityHost.Tokens;

/// <summary>The successful token response (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(string AccessToken, int ExpiresIn, string Scope, string? RefreshToken);
