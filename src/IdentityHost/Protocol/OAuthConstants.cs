namespace IdentityHost.Protocol;

/// <summary>Request and response parameter names (RFC 6749 §4–5, RFC 7009, RFC 7662).</summary>
public static class Parameters
{
    public const string GrantType = "grant_type";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string Username = "username";
    public const string Password = "password";
    public const string Scope = "scope";
    public const string RefreshToken = "refresh_token";
    public const string AccessToken = "access_token";
    public const string TokenType = "token_type";
    public const string ExpiresIn = "expires_in";
    public const string IdToken = "id_token";
    public const string ResponseType = "response_type";
    public const string ResponseMode = "response_mode";
    public const string RedirectUri = "redirect_uri";
    public const string State = "state";
    public const string Code = "code";
    public const string CodeChallenge = "code_challenge";
    public const string CodeChallengeMethod = "code_challenge_method";
    public const string CodeVerifier = "code_verifier";
    public const string Nonce = "nonce";
    public const string Prompt = "prompt";
    public const string MaxAge = "max_age";
    public const string LoginHint = "login_hint";
    public const string Issuer = "iss";
    public const string IdTokenHint = "id_token_hint";
    public const string PostLogoutRedirectUri = "post_logout_redirect_uri";
    /// <summary>RFC 7009 §2.1, RFC 7662 §2.1: the token to revoke or introspect, and the optional hint of its type.</summary>
    public const string Token = "token";
    public const string TokenTypeHint = "token_type_hint";
    /// <summary>RFC 7662 §2.2: the one required member of an introspection response.</summary>
    public const string Active = "active";
    public const string Error = "error";
    public const string ErrorDescription = "error_description";
}

/// <summary>Error codes of RFC 6749 §5.2 and friends.</summary>
public static class Errors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string ServerError = "server_error";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string AccessDenied = "access_denied";
    public const string LoginRequired = "login_required";
    public const string ConsentRequired = "consent_required";
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";
}

public static class GrantTypes
{
    public const string Password = "password";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";
    public const string AuthorizationCode = "authorization_code";

    /// <summary>The grants this server implements; anything else is <c>unsupported_grant_type</c>.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        Password, RefreshToken, ClientCredentials, AuthorizationCode,
    };
}

public static class ClientTypes
{
    public const string Public = "public";
    public const string Confidential = "confidential";
}

public static class ConsentTypes
{
    public const string Implicit = "implicit";
    public const string Explicit = "explicit";
}

public static class ClientAuthenticationMethods
{
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";
    public const string None = "none";
}

public static class StandardScopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string Roles = "roles";
    public const string OfflineAccess = "offline_access";

    /// <summary>Scopes about the user or the session rather than an API; they never set an audience.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        OpenId, Profile, Email, Roles, OfflineAccess,
    };
}

/// <summary>JWT claim names used in access tokens (RFC 9068 §2.2, RFC 7519 §4.1).</summary>
public static class Claims
{
    public const string Issuer = "iss";
    public const string Subject = "sub";
    public const string Audience = "aud";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string IssuedAt = "iat";
    public const string ExpiresAt = "exp";
    public const string JwtId = "jti";
    public const string Roles = "roles";
    /// <summary>Private claim: the authorization (token family) an access token was issued under.</summary>
    public const string AuthorizationId = "aid";
    public const string AuthTime = "auth_time";
    public const string Nonce = "nonce";
    public const string AccessTokenHash = "at_hash";
    public const string SessionId = "sid";
    public const string AuthenticationMethods = "amr";
    public const string IdentityProvider = "idp";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
}

public static class TokenTypeNames
{
    public const string Bearer = "Bearer";
    /// <summary>RFC 9068 §2.1: the <c>typ</c> header of a JWT access token.</summary>
    public const string AccessTokenJwt = "at+jwt";
}

/// <summary>Values of <c>token_type_hint</c> (RFC 7009 §2.1, RFC 7662 §2.1) and the <c>token_type</c> this server's
/// introspection reports for a refresh token.</summary>
public static class TokenTypeHints
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
}

/// <summary>What a client's <c>Permissions</c> may grant beyond its grant types and scopes.</summary>
public static class ClientPermissions
{
    /// <summary>May call the introspection endpoint (RFC 7662), as a resource server does; confidential clients only.</summary>
    public const string Introspection = "introspection";
    /// <summary>Accepted and kept, but not required: RFC 7009 §2.1 lets every client revoke the tokens issued to it.</summary>
    public const string Revocation = "revocation";
}

public static class SigningAlgorithms
{
    public const string RS256 = "RS256";
    public const string ES256 = "ES256";
}
