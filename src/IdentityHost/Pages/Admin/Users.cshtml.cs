using IdentityHost.Accounts;
using IdentityHost.Admin;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/users</c>: search; lock, unlock and sign out everywhere (each audited). Delete has its own
/// confirmation page.</summary>
public sealed class UsersModel(UserAdministration administration) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int? PageNumber { get; set; }

    public PagedList<UserSummary> Users { get; private set; } = new([], 1, PagedList<UserSummary>.DefaultPageSize, 0);

    public async Task OnGetAsync() =>
        Users = await administration.SearchAsync(Search, PageNumber, null, HttpContext.RequestAborted);

    public Task<IActionResult> OnPostLockAsync(string id) =>
        ActAsync(id, a => administration.LockAsync(id, a, HttpContext.RequestAborted), "locked and signed out everywhere");

    public Task<IActionResult> OnPostUnlockAsync(string id) =>
        ActAsync(id, a => administration.UnlockAsync(id, a, HttpContext.RequestAborted), "unlocked");

    public Task<IActionResult> OnPostSignOutAsync(string id) =>
        ActAsync(id, a => administration.SignOutEverywhereAsync(id, a, HttpContext.RequestAborted), "signed out everywhere");

    private async Task<IActionResult> ActAsync(string id, Func<AdminActor, Task<AdminResult>> action, string done)
    {
        var user = await administration.FindAsync(id);
        try
        {
            SetStatus(await action(Actor) switch
            {
                AdminResult.Done => $"User '{user?.UserName}' {done}.",
                AdminResult.NotFound => "That user no longer exists.",
                _ => "You cannot lock your own account here.",
            });
        }
        catch (UserUpdateException e)
        {
            SetStatus($"Nothing changed: {e.Message}");
        }
        return RedirectToPage(new { search = Search });
    }
}
