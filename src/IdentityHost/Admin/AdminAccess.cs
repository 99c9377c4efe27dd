namespace IdentityHost.Admin;

/// <summary>Who may administer the server, and where.</summary>
public static class AdminAccess
{
    /// <summary>The role of admins (Identity role; given by <c>users add --role admin</c> or the <c>Admins</c> setting).</summary>
    public const string Role = "admin";

    /// <summary>The scope an access token needs for the admin API (besides its user having <see cref="Role"/>).</summary>
    public const string Scope = "admin";

    /// <summary>The policy of the admin pages: signed in with the browser session and in <see cref="Role"/>.</summary>
    public const string PagesPolicy = "admin-pages";

    public const string PagesPath = "/admin";
    public const string ApiPath = "/admin/api";

    /// <summary>The Razor Pages folder of the admin area.</summary>
    public const string PagesFolder = "/Admin";
}

/// <summary>Who performs an admin action, and through which door (shown in the audit log's details).</summary>
public sealed record AdminActor(string Id, string Channel)
{
    public static readonly AdminActor CommandLine = new(AuditActors.System, "command line");

    public static AdminActor Pages(string userId) => new(userId, "admin area");

    public static AdminActor Api(string userId, string clientId) => new(userId, $"admin API, client {clientId}");
}

/// <summary>One page of a longer list; pages are numbered from 1.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public bool HasPrevious => Page > 1;
    public bool HasNext => (long)Page * PageSize < Total;

    /// <summary>Clamps what a request asked for to a valid page number and size.</summary>
    public static (int Page, int PageSize) Normalize(int? page, int? pageSize) =>
        (Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));
}

/// <summary>The outcome of an admin action on one thing.</summary>
public enum AdminResult
{
    Done,
    NotFound,
    /// <summary>Refused by a rule (e.g. an admin locking their own account); nothing changed.</summary>
    Refused,
}
