using IdentityHost.Accounts;
using IdentityHost.Accounts.ExternalSignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Errors = IdentityHost.Accounts.ExternalSignIn.ExternalSignInMessages.Errors;

namespace IdentityHost.Pages.Account;

/// <summary>
/// <c>/account/link-existing</c>: a provider verified an email that a local account has confirmed. Before the
/// provider can sign in to that account, the user proves they own it with its password — through the same checker
/// as the login page (same answer for every failure, failures count toward lockout, hashing bounded by the gate).
/// The account is found again from the external cookie on every request; nothing the browser posts names it.
/// </summary>
public sealed class LinkExistingModel(
    ExternalLoginLinker linker,
    ExternalSession external,
    PasswordSignIn passwordSignIn) : PageModel
{
    [BindProperty]
    public string? Password { get; set; }

    public string ProviderName { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (state, target) = await FindAsync();
        if (state is null || target is null)
        {
            return await GiveUpAsync(state);
        }
        Show(state, target);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (state, target) = await FindAsync();
        if (state is null || target is null)
        {
            return await GiveUpAsync(state);
        }
        Show(state, target);
        if (string.IsNullOrEmpty(Password))
        {
            Message = LoginModel.WrongCredentials;
            return Page();
        }

        var signIn = await passwordSignIn.SignInAsync(target.UserName!, Password, HttpContext);
        if (signIn.User is not { } user || user.Id != target.Id)
        {
            return LoginModel.Refused(this, signIn, message => Message = message);
        }

        if (await linker.LinkAsync(user, state.Identity, "after the account's password") != LinkStatus.Linked)
        {
            return await GiveUpAsync(state);
        }
        await external.CompleteSignInAsync(HttpContext, user, state.Identity);
        return Redirect(state.ReturnUrl);
    }

    private async Task<(ExternalSignInState? State, ApplicationUser? Target)> FindAsync()
    {
        var state = await ExternalSession.ReadAsync(HttpContext);
        if (state is null || state.LinkUserId is not null)
        {
            return (null, null);
        }
        return (state, await linker.FindPasswordLinkTargetAsync(state.Identity));
    }

    private void Show(ExternalSignInState state, ApplicationUser target)
    {
        ProviderName = ExternalProviders.Find(state.Identity.Provider)?.DisplayName ?? state.Identity.Provider;
        UserName = target.UserName ?? "";
        Email = target.Email ?? "";
    }

    private async Task<IActionResult> GiveUpAsync(ExternalSignInState? state)
    {
        await ExternalSession.ForgetAsync(HttpContext);
        return Redirect(ExternalSession.LoginUrl(Errors.Failed, state?.Identity.Provider, state?.ReturnUrl));
    }
}
