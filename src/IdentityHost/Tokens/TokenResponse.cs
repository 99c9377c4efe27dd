namespace IdentityHost.Tokens;

/// <summary>The successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).</summary>
/// <param name="Subject">Whom the tokens are about (the access token's <c>sub</c>): for the audit trail, not sent.</param>
public sealed record TokenResponse(string Subject, string AccessToken, int ExpiresIn, string Scope, string? RefreshToken, string? IdToken = null);
