using IdentityHost.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Pages.Account;

/// <summary><c>/account</c>: where a sign-in without a return URL lands — who is signed in, and a way out.</summary>
public sealed class IndexModel(BrowserSession sessions) : PageModel
{
    public string UserName { get; private set; } = "";
    public string? Email { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await sessions.GetAsync(HttpContext) is not { } session)
        {
            return Redirect(QueryHelpers.AddQueryString(AccountPaths.Login, AccountPaths.ReturnUrlParameter, AccountPaths.Home));
        }
        UserName = session.User.UserName ?? session.User.Id;
        Email = session.User.Email;
        return Page();
    }
}
