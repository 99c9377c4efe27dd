using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace IdentityHost.Stores;

/// <summary>
/// Both providers' hand-written migrations (migrations/Sqlite, migrations/Postgres) compile into this assembly, and
/// EF Core would apply every migration it finds. This keeps only the active provider's: those whose namespace is
/// <c>IdentityHost.Migrations.{Sqlite|Postgres}</c>, i.e. the folder a migration lives in decides its provider.
/// Ids may repeat across folders (each provider's database has its own history table).
/// </summary>
public sealed class ProviderMigrationsAssembly(ICurrentDbContext currentContext, IDatabaseProvider databaseProvider) : IMigrationsAssembly
{
    public const string SqliteNamespace = "IdentityHost.Migrations.Sqlite";
    public const string PostgresNamespace = "IdentityHost.Migrations.Postgres";

    private IReadOnlyDictionary<string, TypeInfo>? _migrations;

    public Assembly Assembly => typeof(ProviderMigrationsAssembly).Assembly;

    /// <summary>None: the migrations are written by hand and the schema test compares them with the model.</summary>
    public ModelSnapshot? ModelSnapshot => null;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= Find();

    public static string NamespaceOf(string providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => SqliteNamespace,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => PostgresNamespace,
        _ => throw new InvalidOperationException($"No migrations for the database provider {providerName}."),
    };

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => id.Equals(nameOrId, StringComparison.OrdinalIgnoreCase)
            || id[(id.IndexOf('_') + 1)..].Equals(nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedDictionary<string, TypeInfo> Find()
    {
        var ns = NamespaceOf(databaseProvider.Name);
        var contextType = currentContext.Context.GetType();
        var found = new SortedDictionary<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in Assembly.DefinedTypes.Where(t => t.Namespace == ns && t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract))
        {
            if (type.GetCustomAttribute<MigrationAttribute>() is { } migration
                && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType)
            {
                found.Add(migration.Id, type);
            }
        }
        return found;
    }
}
