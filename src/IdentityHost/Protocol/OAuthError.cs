namespace IdentityHost.Protocol;

/// <summary>
/// A protocol error as a value (RFC 6749 §5.2): endpoint steps return it instead of throwing.
/// </summary>
public sealed record OAuthError(string Code, string Description, int StatusCode = StatusCodes.Status400BadRequest)
{
    public static OAuthError InvalidRequest(string description) => new(Errors.InvalidRequest, description);
    public static OAuthError InvalidGrant(string description) => new(Errors.InvalidGrant, description);
    public static OAuthError InvalidScope(string description) => new(Errors.InvalidScope, description);
    public static OAuthError UnauthorizedClient(string description) => new(Errors.UnauthorizedClient, description);
    public static OAuthError UnsupportedGrantType(string description) => new(Errors.UnsupportedGrantType, description);

    /// <summary>RFC 6749 §5.2: invalid_client is answered with 401.</summary>
    public static OAuthError InvalidClient(string description) => new(Errors.InvalidClient, description, StatusCodes.Status401Unauthorized);

    public static OAuthError TemporarilyUnavailable(string description) =>
        new(Errors.TemporarilyUnavailable, description, StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A failure budget is used up: 429 (RFC 6585 §4) with <c>Retry-After</c>. RFC 6749 has no error code for it;
    /// <c>temporarily_unavailable</c> tells a client to try again later and, unlike <c>invalid_grant</c> or
    /// <c>invalid_client</c>, says nothing about whether the credentials were right.
    /// </summary>
    public static OAuthError TooManyRequests(string description, TimeSpan retryAfter) =>
        new(Errors.TemporarilyUnavailable, description, StatusCodes.Status429TooManyRequests) { RetryAfter = retryAfter };

    /// <summary>Sent as <c>Retry-After</c> (whole seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
