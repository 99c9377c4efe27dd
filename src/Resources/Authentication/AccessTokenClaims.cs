namespace Resources.Authentication;

/// <summary>Claim names of the JWT access tokens IdentityHost issues (RFC 9068 §2.2).</summary>
public static class AccessTokenClaims
{
    public const string Subject = "sub";
    public const string ClientId = "client_id";

    /// <summary>One space-separated string of scope values (RFC 9068 §2.2.3, RFC 8693 §4.2).</summary>
    public const string Scope = "scope";

    public const string Roles = "roles";
}
