using IdentityHost.Accounts;
using IdentityHost.Accounts.ExternalSignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Errors = IdentityHost.Accounts.ExternalSignIn.ExternalSignInMessages.Errors;
using Statuses = IdentityHost.Accounts.ExternalSignIn.ExternalSignInMessages.Statuses;

namespace IdentityHost.Pages.Account;

/// <summary>
/// <c>/account/external-callback</c>: where the provider's handler sends the browser once it has checked
/// <c>state</c> and the correlation cookie, redeemed the code and stored who signed in in the external cookie. Applies
/// the linking rules (<see cref="ExternalLoginLinker"/>) and either starts a browser session, asks for the existing
/// account's password, or links the provider to the signed-in user who asked for it.
/// </summary>
public sealed class ExternalCallbackModel(
    ExternalSession external,
    ExternalLoginLinker linker,
    BrowserSession sessions,
    ILogger<ExternalCallbackModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var state = await ExternalSession.ReadAsync(HttpContext);
        if (state is null)
        {
            return Redirect(ExternalSession.LoginUrl(Errors.Failed, provider: null, returnUrl: null));
        }
        return state.LinkUserId is null ? await SignInAsync(state) : await LinkAsync(state);
    }

    private async Task<IActionResult> SignInAsync(ExternalSignInState state)
    {
        var identity = state.Identity;
        var result = await linker.SignInAsync(identity, HttpContext.RequestAborted);
        switch (result.Status)
        {
            case ExternalSignInStatus.SignedIn or ExternalSignInStatus.Created or ExternalSignInStatus.Linked:
                await external.CompleteSignInAsync(HttpContext, result.User!, identity);
                return Redirect(state.ReturnUrl);
            case ExternalSignInStatus.PasswordRequired:
                // The external cookie stays: the link-existing page reads the identity (and return URL) from it.
                return Redirect(ExternalSignInPaths.LinkExisting);
            default:
                await ExternalSession.ForgetAsync(HttpContext);
                var error = result.Status switch
                {
                    ExternalSignInStatus.LockedOut => Errors.LockedOut,
                    ExternalSignInStatus.SignInToLink => Errors.SignInToLink,
                    _ => Errors.Failed,
                };
                return Redirect(ExternalSession.LoginUrl(error, identity.Provider, state.ReturnUrl));
        }
    }

    /// <summary>Linking from the account page: only into the session that asked (the challenge recorded its user), so
    /// a callback replayed into another session cannot attach someone's provider account to it.</summary>
    private async Task<IActionResult> LinkAsync(ExternalSignInState state)
    {
        var provider = state.Identity.Provider;
        await ExternalSession.ForgetAsync(HttpContext);
        var session = await sessions.GetAsync(HttpContext);
        if (session is null || session.User.Id != state.LinkUserId)
        {
            ExternalSignInLog.LinkSessionChanged(logger, provider, state.LinkUserId!);
            return Redirect(session is null
                ? ExternalSession.LoginUrl(Errors.Failed, provider, AccountPaths.Home)
                : ExternalSession.AccountUrl(Statuses.LinkFailed, provider));
        }
        var status = await linker.LinkAsync(session.User, state.Identity, "from the account page") switch
        {
            LinkStatus.Linked => Statuses.Linked,
            LinkStatus.AlreadyLinked => Statuses.AlreadyLinked,
            LinkStatus.LinkedToAnotherUser => Statuses.LinkedToAnotherUser,
            _ => Statuses.LinkFailed,
        };
        return Redirect(ExternalSession.AccountUrl(status, provider));
    }
}
