using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Stores;

/// <summary>
/// Whether an exception means the store could not do its work now (and a retry may succeed), as opposed to a bug:
/// SQLite locked past its busy timeout; PostgreSQL unreachable, shutting down, a serialization failure or deadlock
/// (all <see cref="DbException"/>s). Npgsql's default execution strategy wraps the ones it deems transient in an
/// <see cref="InvalidOperationException"/> suggesting retries, so those are unwrapped here.
/// </summary>
public static class StoreUnavailable
{
    public static bool Is(Exception e) => e switch
    {
        DbException or DbUpdateException => true,
        InvalidOperationException { InnerException: DbException or DbUpdateException or TimeoutException } => true,
        _ => false,
    };
}
