using System.Data.Common;
using Microsoft.Extensions.Options;

namespace IdentityHost.Stores;

/// <summary>The store IdentityHost uses: <c>Database:Provider</c> and <c>ConnectionStrings:Identity</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> or <c>Postgres</c>; empty: chosen from the connection string.</summary>
    public string? Provider { get; set; }

    /// <summary>From <c>ConnectionStrings:Identity</c> (not bound from this section).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The provider in effect: the configured one, else PostgreSQL when the connection string names a host.</summary>
    public string EffectiveProvider => Provider is { Length: > 0 } configured
        ? configured.Equals(Postgres, StringComparison.OrdinalIgnoreCase) ? Postgres
        : configured.Equals(Sqlite, StringComparison.OrdinalIgnoreCase) ? Sqlite : configured
        : NamesServer(ConnectionString) ? Postgres : Sqlite;

    /// <summary>Npgsql's connection strings name a server (<c>Host</c>, or its synonym <c>Server</c>); SQLite's name a file.</summary>
    public static bool NamesServer(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return false;
        }
        return builder.ContainsKey("Host") || builder.ContainsKey("Server");
    }
}

/// <summary>Refuses to start on an unknown provider or a connection string of the other provider's kind.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var provider = options.EffectiveProvider;
        if (provider is not (DatabaseOptions.Sqlite or DatabaseOptions.Postgres))
        {
            return ValidateOptionsResult.Fail($"Database:Provider '{options.Provider}' is not supported; use 'Sqlite' or 'Postgres'.");
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("ConnectionStrings:Identity must not be empty.");
        }
        var namesServer = DatabaseOptions.NamesServer(options.ConnectionString);
        if (provider == DatabaseOptions.Postgres && !namesServer)
        {
            return ValidateOptionsResult.Fail("Database:Provider is 'Postgres' but ConnectionStrings:Identity names no Host.");
        }
        if (provider == DatabaseOptions.Sqlite && namesServer)
        {
            return ValidateOptionsResult.Fail("Database:Provider is 'Sqlite' but ConnectionStrings:Identity names a server Host; set Database:Provider to 'Postgres' or leave it empty.");
        }
        return ValidateOptionsResult.Success;
    }
}
