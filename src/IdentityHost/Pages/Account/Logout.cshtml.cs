using IdentityHost.Accounts;
using IdentityHost.Endpoints.EndSession;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityHost.Pages.Account;

/// <summary>
/// <c>/account/logout</c>: "Sign out of IdentityHost?" — the confirmation a logout without a trusted id_token_hint
/// needs (OIDC RP-Initiated Logout 1.0 §2), and the account page's sign-out button. The client and post-logout
/// redirect URI come from the browser, so they are validated again before the redirect.
/// </summary>
public sealed class LogoutModel(EndSessionRequestValidator validator, BrowserSession sessions, ILogger<LogoutModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true, Name = Parameters.ClientId)]
    public string? ClientId { get; set; }

    [BindProperty(SupportsGet = true, Name = Parameters.PostLogoutRedirectUri)]
    public string? PostLogoutRedirectUri { get; set; }

    [BindProperty(SupportsGet = true, Name = Parameters.State)]
    public string? State { get; set; }

    /// <summary>The client the user returns to after signing out, when there is a validated redirect.</summary>
    public string? ClientName { get; private set; }

    public bool SignedIn { get; private set; }

    public async Task OnGetAsync()
    {
        var request = await ValidateAsync();
        SignedIn = await sessions.GetAsync(HttpContext) is not null;
        // Carry on only what is valid; anything else is dropped rather than echoed into the form.
        ClientId = request.Client?.ClientId;
        PostLogoutRedirectUri = request.PostLogoutRedirectUri;
        State = request.PostLogoutRedirectUri is null ? null : request.State;
        if (request is { Client: { } client, PostLogoutRedirectUri: not null })
        {
            ClientName = string.IsNullOrWhiteSpace(client.DisplayName) ? client.ClientId : client.DisplayName;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var request = await ValidateAsync();
        var session = await sessions.GetAsync(HttpContext);
        await sessions.SignOutAsync();
        if (session is not null) AccountLog.SignedOut(logger, session.User.Id, request.Client?.ClientId);
        return Redirect(request.RedirectLocation ?? AccountPaths.SignedOut);
    }

    private Task<EndSessionRequest> ValidateAsync() =>
        validator.ValidateAsync(idTokenHint: null, ClientId, PostLogoutRedirectUri, State, HttpContext.RequestAborted);
}
