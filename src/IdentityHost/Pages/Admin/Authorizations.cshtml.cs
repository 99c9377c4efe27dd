using IdentityHost.Admin;
using Microsoft.AspNetCore.Mvc;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/authorizations?user=…&amp;client=…</c>: active authorizations by user and/or client; revoke one.</summary>
public sealed class AuthorizationsModel(AuthorizationAdministration authorizations, UserAdministration users) : AdminPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "client")]
    public string? ClientFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int? PageNumber { get; set; }

    public PagedList<AuthorizationSummary> Authorizations { get; private set; } = new([], 1, PagedList<AuthorizationSummary>.DefaultPageSize, 0);

    /// <summary>Why nothing is listed (an unknown user).</summary>
    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        string? userId = null;
        if (!string.IsNullOrWhiteSpace(UserFilter))
        {
            if (await users.ResolveAsync(UserFilter.Trim()) is not { } user)
            {
                Message = "No user has that username, email or id.";
                return;
            }
            userId = user.Id;
        }
        var clientId = string.IsNullOrWhiteSpace(ClientFilter) ? null : ClientFilter.Trim();
        Authorizations = await authorizations.ListActiveAsync(userId, clientId, PageNumber, null, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        var result = await authorizations.RevokeAsync(id, Actor, HttpContext.RequestAborted);
        SetStatus(result == AdminResult.Done ? "Authorization revoked." : "That authorization is already revoked or gone.");
        return RedirectToPage(new { user = UserFilter, client = ClientFilter });
    }
}
