using IdentityHost.Stores;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin</c>: the sections of the admin area.</summary>
public sealed class IndexModel(IdentityHostDbContext db) : AdminPageModel
{
    public int UserCount { get; private set; }
    public int ClientCount { get; private set; }

    public async Task OnGetAsync()
    {
        UserCount = await db.Users.CountAsync(HttpContext.RequestAborted);
        ClientCount = await db.Clients.CountAsync(HttpContext.RequestAborted);
    }
}
