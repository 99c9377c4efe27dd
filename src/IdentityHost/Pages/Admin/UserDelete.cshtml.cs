using IdentityHost.Accounts;
using IdentityHost.Admin;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/users/{id}/delete</c>: "Delete this user?" — the confirmation, then the audited deletion.</summary>
public sealed class UserDeleteModel(UserAdministration administration) : AdminPageModel
{
    public UserSummary? Target { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        Target = await administration.FindAsync(id);
        return Target is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var target = await administration.FindAsync(id);
        AdminResult result;
        try
        {
            result = await administration.DeleteAsync(id, Actor, HttpContext.RequestAborted);
        }
        catch (UserUpdateException e)
        {
            SetStatus($"Nothing changed: {e.Message}");
            return RedirectToPage("Users");
        }
        SetStatus(result switch
        {
            AdminResult.Done => $"User '{target?.UserName}' deleted.",
            AdminResult.NotFound => "That user no longer exists.",
            _ => "You cannot delete your own account here.",
        });
        return RedirectToPage("Users");
    }
}
