namespace Resources.Authentication;

/// <summary>
/// Makes a key rotation invisible to clients: the first token signed with a key the API has not seen yet is
/// accepted, not rejected once.
/// </summary>
internal static class SigningKeyRefresh
{
    /// <summary>
    /// IdentityModel 8 refreshes the discovery document and JWKS in the background by default: after an unknown
    /// kid, <c>RequestRefresh</c> returns at once and the token naming the new key still fails. In "blocking" mode
    /// the refresh is awaited instead (asynchronously, one fetch at a time, at most once per
    /// <c>JwtBearerOptions.RefreshInterval</c>, 5 minutes by default, so random kids cannot flood the issuer), and
    /// the token handler's retry validates the same request against the new key set.
    /// </summary>
    public const string UpdateConfigAsBlockingSwitch = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    /// <summary>Process-wide by nature (an AppContext switch); set before the first token is validated.</summary>
    public static void AwaitRefreshOnUnknownKey() => AppContext.SetSwitch(UpdateConfigAsBlockingSwitch, true);
}
