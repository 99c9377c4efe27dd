using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Authorize;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using IdentityHost.Tokens;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IdentityHost.Pages.Account;

/// <summary>
/// <c>/account/consent?ReturnUrl=/connect/authorize?...</c>: asks the signed-in user whether the client may have the
/// requested scopes. The return URL is the authorization request itself, so it is parsed and validated again on GET
/// and on POST (a tampered URL must not be consented to), and Allow simply sends the browser back to it.
/// </summary>
public sealed class ConsentModel(
    AuthorizeRequestValidator validator,
    BrowserSession sessions,
    ConsentService consent,
    ScopeCatalog catalog,
    IOptions<IdentityHostOptions> options,
    ILogger<ConsentModel> logger) : PageModel
{
    public const string Allow = "allow";
    public const string Deny = "deny";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(Name = "decision")]
    public string? Decision { get; set; }

    public string ClientName { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public IReadOnlyList<string> ScopeDescriptions { get; private set; } = [];
    /// <summary>Set when the request cannot be consented to; the page then shows only this.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (request, session, refusal) = await LoadAsync();
        if (refusal is not null) return refusal;

        ClientName = string.IsNullOrWhiteSpace(request!.Client.DisplayName) ? request.Client.ClientId : request.Client.DisplayName;
        UserName = session!.User.UserName ?? session.User.Id;
        ScopeDescriptions = ScopeWording.Describe(request.Scopes, catalog);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (request, session, refusal) = await LoadAsync();
        if (refusal is not null) return refusal;
        var userId = session!.User.Id;

        switch (Decision)
        {
            case Allow:
                await consent.GrantAsync(userId, request!.Client, request.Scopes, HttpContext.RequestAborted);
                AccountLog.ConsentGranted(logger, userId, request.Client.ClientId, ScopeSet.Format(request.Scopes));
                // Back to the authorization endpoint, which now finds the consent and issues the code.
                return Redirect(ReturnUrl!);
            case Deny:
                AccountLog.ConsentDenied(logger, userId, request!.Client.ClientId);
                // RFC 6749 §4.1.2.1: the resource owner denied the request.
                var denied = new OAuthError(Errors.AccessDenied, "The user denied the request.");
                return Redirect(AuthorizeResponses.ErrorRedirectUrl(denied, request.RedirectUri, options.Value.Issuer, request.State));
            default:
                return Refuse("Choose Allow or Deny.");
        }
    }

    /// <summary>
    /// The authorization request behind <see cref="ReturnUrl"/>, re-validated here (never trusted from the browser),
    /// for a signed-in user; otherwise the response to give instead.
    /// </summary>
    private async Task<(AuthorizeRequest? Request, SessionInfo? Session, IActionResult? Refusal)> LoadAsync()
    {
        if (AuthorizeParameters(ReturnUrl) is not { } parameters)
        {
            AccountLog.ConsentRequestInvalid(logger, "not a local authorization endpoint URL");
            return (null, null, Refuse("This page was opened with an address that is not a sign-in request."));
        }
        var validation = await validator.ValidateAsync(parameters, HttpContext.RequestAborted);
        if (validation.Request is null)
        {
            AccountLog.ConsentRequestInvalid(logger, validation.Error?.Code ?? Errors.InvalidRequest);
            return (null, null, Refuse(validation.Error?.Description ?? "The sign-in request is not valid."));
        }
        if (await sessions.GetAsync(HttpContext) is not { } session)
        {
            var login = QueryHelpers.AddQueryString(AccountPaths.Login, AccountPaths.ReturnUrlParameter, ReturnUrl!);
            return (null, null, Redirect(login));
        }
        return (validation.Request, session, null);
    }

    /// <summary>The query of a local URL of this server's authorization endpoint, or null for anything else.</summary>
    private ProtocolParameters? AuthorizeParameters(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !Url.IsLocalUrl(returnUrl) || returnUrl.Contains('#'))
        {
            return null;
        }
        var queryStart = returnUrl.IndexOf('?');
        var path = queryStart < 0 ? returnUrl : returnUrl[..queryStart];
        if (!string.Equals(path, Request.PathBase + AuthorizeEndpoint.Path, StringComparison.Ordinal))
        {
            return null;
        }
        return ProtocolParameters.From(QueryHelpers.ParseQuery(queryStart < 0 ? "" : returnUrl[queryStart..]));
    }

    private PageResult Refuse(string problem)
    {
        Problem = problem;
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
