using System.Data.Common;
using IdentityHost.Stores;
using IdentityHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityHost.Tests.Stores;

/// <summary>
/// Every refresh reads the token with its authorization and user in one query (<see cref="TokenStore.FindWithGrantAsync"/>).
/// SQLite must answer it from indexes alone: a query shape that scans a whole table (as one did, numbering every
/// authorization and user in a subquery) is fast on a test database and collapses on a real one.
/// </summary>
public sealed class GrantLookupPlanTests : IDisposable
{
    private readonly IdentityHostFactory _factory = new IdentityHostFactory().WithoutFailureBudgets();

    [SqliteOnlyFact]
    public async Task RefreshLookup_SearchesByIndex_NeverScansATable()
    {
        var lookups = new GrantLookups();
        using var host = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<IdentityHostDbContext>(options => options.AddInterceptors(lookups))));
        var client = host.CreateClient();
        await _factory.CreateUserAsync("plan");
        var refreshed = await client.RefreshAsync((await client.PasswordAsync("plan")).RefreshToken!);
        Assert.Equal(200, refreshed.Status);

        var (sql, parameters) = Assert.Single(lookups.Seen);
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        Assert.Equal(3, plan.Count(step => step.StartsWith("SEARCH ", StringComparison.Ordinal)));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    /// <summary>The commands that read a token with its authorization and user.</summary>
    private sealed class GrantLookups : DbCommandInterceptor
    {
        public List<(string Sql, List<(string, object)> Parameters)> Seen { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Tokens\"", StringComparison.Ordinal)
                && command.CommandText.Contains("\"Authorizations\"", StringComparison.Ordinal)
                && command.CommandText.Contains("\"AspNetUsers\"", StringComparison.Ordinal))
            {
                lock (Seen)
                {
                    Seen.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList()));
                }
            }
            return ValueTask.FromResult(result);
        }
    }

    public void Dispose() => _factory.Dispose();
}
