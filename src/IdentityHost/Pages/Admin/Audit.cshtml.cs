using IdentityHost.Admin;
using IdentityHost.Stores;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Pages.Admin;

/// <summary><c>/admin/audit?p=n&amp;action=…&amp;subject=…</c>: the audit trail, latest first, a page at a time,
/// optionally only one action or what happened to one subject (a user id, client id, authorization id).</summary>
public sealed class AuditModel(AuditLog audit, IdentityHostDbContext db) : AdminPageModel
{
    private Dictionary<string, string?> _names = [];

    [BindProperty(SupportsGet = true, Name = PagerModel.PageParameter)]
    public int? PageNumber { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "subject")]
    public string? SubjectFilter { get; set; }

    public PagedList<AuditEventEntity> Events { get; private set; } = new([], 1, PagedList<AuditEventEntity>.DefaultPageSize, 0);

    public async Task OnGetAsync()
    {
        Events = await audit.ReadAsync(PageNumber, null, HttpContext.RequestAborted, ActionFilter, SubjectFilter?.Trim());
        var actors = Events.Items.Select(e => e.Actor).Distinct().ToList();
        _names = await db.Users.AsNoTracking().Where(u => actors.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName, HttpContext.RequestAborted);
    }

    /// <summary>The actor's username; <c>system</c> for the command line; "(deleted user)" when the account is gone.</summary>
    public string ActorName(string actor) =>
        actor switch
        {
            AuditActors.System => "system",
            AuditActors.Anonymous => "anonymous",
            _ when actor.StartsWith("client:", StringComparison.Ordinal) => "client",
            _ => _names.GetValueOrDefault(actor) ?? "(deleted user)",
        };
}
