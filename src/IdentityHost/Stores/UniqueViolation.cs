using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityHost.Stores;

/// <summary>Whether a failed write broke a unique index, in each provider's own words.</summary>
public static class UniqueViolation
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE.</summary>
    private const int SqliteUniqueConstraintFailed = 2067;

    public static bool Is(DbUpdateException e) => e.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteUniqueConstraintFailed,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
