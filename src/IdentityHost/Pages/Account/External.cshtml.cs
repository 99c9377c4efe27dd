using IdentityHost.Accounts;
using IdentityHost.Accounts.ExternalSignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdentityHost.Pages.Account;

/// <summary>
/// <c>POST /account/external/{provider}</c>: the "Sign in with GitHub/Google" buttons. Sends the browser to the
/// provider through its OAuth handler, which sets the correlation cookie and protects <c>state</c>. A POST with the
/// antiforgery token, so no other site can start a sign-in in the user's browser.
/// </summary>
public sealed class ExternalModel(IOptions<ExternalAuthenticationOptions> options) : PageModel
{
    [BindProperty]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect(AccountPaths.Login);

    public IActionResult OnPost(string provider)
    {
        var enabled = options.Value.EnabledProviders().FirstOrDefault(p => p.Name == provider);
        if (enabled is null)
        {
            return NotFound();
        }
        // RFC 9700 §4.11: only a local return URL survives the round trip through the provider.
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : AccountPaths.Home;
        return Challenge(ExternalSession.ChallengeProperties(enabled.Name, returnUrl, linkUserId: null), enabled.Name);
    }
}
