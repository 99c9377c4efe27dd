namespace IdentityHost.Stores;

/// <summary>
/// A user's grant to a client: the family that codes and refresh tokens belong to. Revoking it revokes them all.
/// </summary>
public sealed class AuthorizationEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public required string ClientId { get; set; }
    public required string Subject { get; set; }
    public List<string> Scopes { get; set; } = [];
    public string Status { get; set; } = AuthorizationStatuses.Valid;
    public string Type { get; set; } = AuthorizationTypes.AdHoc;
    /// <summary>SHA-256 of the user's security stamp when the family was created: a changed stamp ends it.</summary>
    public string? SecurityStampHash { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the user authenticated for this grant (OIDC <c>auth_time</c>), kept across refreshes.</summary>
    public DateTime? AuthTime { get; set; }
    /// <summary>The browser session the grant came from (OIDC <c>sid</c>).</summary>
    public string? SessionId { get; set; }
    /// <summary>How the user signed in for this grant (<c>amr</c>, RFC 8176: <c>pwd</c>, <c>fed</c>), kept across refreshes.</summary>
    public string? AuthenticationMethod { get; set; }
    /// <summary>The provider that authenticated the user (<c>idp</c>: <c>github</c>, <c>google</c>); null for a local sign-in.</summary>
    public string? IdentityProvider { get; set; }
}

public static class AuthorizationStatuses
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
}

public static class AuthorizationTypes
{
    /// <summary>Created for one sign-in; lives as long as its tokens.</summary>
    public const string AdHoc = "ad-hoc";
    /// <summary>A remembered consent.</summary>
    public const string Permanent = "permanent";
}
