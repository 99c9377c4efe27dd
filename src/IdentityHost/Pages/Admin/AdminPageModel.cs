using IdentityHost.Accounts;
using IdentityHost.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IdentityHost.Pages.Admin;

/// <summary>
/// The admin pages' base: who the acting admin is (for the audit log), and the one-line status shown after a
/// post-redirect-get. Access is the folder's policy (<see cref="AdminAccess.PagesPolicy"/>), antiforgery is
/// validated on every POST by Razor Pages.
/// </summary>
public abstract class AdminPageModel : PageModel
{
    public const string StatusKey = "AdminStatus";

    /// <summary>The signed-in admin's user id.</summary>
    protected string AdminId =>
        HttpContext.RequestServices.GetRequiredService<UserManager<ApplicationUser>>().GetUserId(User)
        ?? throw new InvalidOperationException("The admin pages' policy lets only signed-in users through.");

    protected AdminActor Actor => AdminActor.Pages(AdminId);

    /// <summary>Shown once, on the next page (temp data).</summary>
    protected void SetStatus(string message) => TempData[StatusKey] = message;
}
