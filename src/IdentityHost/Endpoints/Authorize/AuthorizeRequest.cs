using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using IdentityHost.Stores;

namespace IdentityHost.Endpoints.Authorize;

/// <summary>A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1).</summary>
public sealed record AuthorizeRequest(
    ClientEntity Client,
    string RedirectUri,
    string? State,
    IReadOnlySet<string> Scopes,
    string? CodeChallenge,
    string? Nonce,
    IReadOnlySet<string> Prompt,
    int? MaxAge,
    string? LoginHint)
{
    public bool PromptNone => Prompt.Contains(Prompts.None);
}

public static class Prompts
{
    public const string None = "none";
    public const string Login = "login";
    public const string Consent = "consent";
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal) { None, Login, Consent };
}

/// <summary>
/// The outcome of validating an authorization request. Until the client and its redirect URI are trusted, an error
/// can only be shown on our own page (<see cref="ShowPage"/>); after that it goes back to the client.
/// </summary>
public sealed record AuthorizeValidation(AuthorizeRequest? Request, OAuthError? Error, bool ShowPage, string? RedirectUri, string? State)
{
    public static AuthorizeValidation Valid(AuthorizeRequest request) => new(request, null, false, request.RedirectUri, request.State);
    public static AuthorizeValidation Page(OAuthError error) => new(null, error, true, null, null);
    public static AuthorizeValidation Redirect(OAuthError error, string redirectUri, string? state) => new(null, error, false, redirectUri, state);
}
