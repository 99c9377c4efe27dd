using IdentityHost.Stores;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Cors;

/// <summary>
/// The CORS policy of the endpoints browsers call from a client's own origin: exactly the origins of the registered
/// <c>http</c>/<c>https</c> redirect URIs of every client in the store. The list is read from the Clients table at
/// most once per <see cref="RefreshInterval"/>, so a client registered or removed elsewhere (the <c>clients</c> verb,
/// another instance) is honoured here within that bound, and the database is not read per request.
/// </summary>
public sealed partial class ClientOriginCache(IServiceScopeFactory scopes, TimeProvider time, ILogger<ClientOriginCache> logger)
{
    /// <summary>How stale the allowed origins may be.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>Lets a browser reuse a preflight for a while; the actual response is still checked against the
    /// current list, so this does not extend an origin's access.</summary>
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    private static readonly CorsPolicy NoOrigins = Build([]);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(CorsPolicy Policy, DateTimeOffset LoadedAt);

    public async Task<CorsPolicy> GetPolicyAsync(CancellationToken cancellationToken)
    {
        var current = _snapshot;
        if (current is not null && IsFresh(current))
        {
            return current.Policy;
        }
        // One request reloads; while it does, the others keep the previous list rather than queue on the database.
        if (current is not null)
        {
            if (!await _reload.WaitAsync(0, cancellationToken)) return current.Policy;
        }
        else
        {
            await _reload.WaitAsync(cancellationToken);
        }

        try
        {
            current = _snapshot;
            if (current is not null && IsFresh(current))
            {
                return current.Policy;
            }
            var origins = await LoadOriginsAsync(cancellationToken);
            var policy = Build(origins);
            _snapshot = new Snapshot(policy, time.GetUtcNow());
            LogOriginsLoaded(logger, origins.Count);
            return policy;
        }
        catch (Exception e) when (StoreUnavailable.Is(e))
        {
            // The store is unavailable: keep the last known list (or allow nothing) and try again on the next request.
            LogOriginsUnavailable(logger, e);
            return current?.Policy ?? NoOrigins;
        }
        finally
        {
            _reload.Release();
        }
    }

    private bool IsFresh(Snapshot snapshot)
    {
        var age = time.GetUtcNow() - snapshot.LoadedAt;
        return age >= TimeSpan.Zero && age < RefreshInterval;
    }

    private async Task<IReadOnlyCollection<string>> LoadOriginsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityHostDbContext>();
        var redirectUris = await db.Clients.AsNoTracking().Select(c => c.RedirectUris).ToListAsync(cancellationToken);

        var origins = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var uri in redirectUris.SelectMany(u => u))
        {
            if (ClientOrigins.TryGetOrigin(uri, out var origin)) origins.Add(origin);
        }
        return origins;
    }

    /// <summary>GET/POST calls with a bearer token or a form body; no cookies (credentials stay false), so a script
    /// on an allowed origin can never ride the user's session here. <c>WWW-Authenticate</c> is exposed so the script
    /// can read a bearer error (RFC 6750 §3).</summary>
    private static CorsPolicy Build(IEnumerable<string> origins) => new CorsPolicyBuilder()
        // Origins are compared exactly as ClientOrigins normalised them (a browser's Origin is already lower case).
        // A predicate rather than a fixed list also makes every CORS answer carry Vary: Origin, so a shared cache
        // never hands one origin's response to another.
        .SetIsOriginAllowed(new HashSet<string>(origins, StringComparer.Ordinal).Contains)
        .WithMethods(HttpMethods.Get, HttpMethods.Post)
        .WithHeaders(Microsoft.Net.Http.Headers.HeaderNames.Authorization, Microsoft.Net.Http.Headers.HeaderNames.ContentType)
        .WithExposedHeaders(Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate)
        .SetPreflightMaxAge(PreflightMaxAge)
        .Build();

    [LoggerMessage(EventId = 1701, Level = LogLevel.Debug, Message = "Loaded {Count} allowed CORS origins from the registered clients.")]
    private static partial void LogOriginsLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "The allowed CORS origins could not be read from the store.")]
    private static partial void LogOriginsUnavailable(ILogger logger, Exception exception);
}
