using System.Collections.Concurrent;

namespace IdentityHost.Stores;

/// <summary>
/// Client rows by client id, so a service authenticating on every token request does not read the Clients table
/// each time. <see cref="Admin.ClientAdministration"/> (admin area, admin API, the <c>clients</c> verb) calls
/// <see cref="Invalidate"/> after every change, so on this instance a removed client or a rotated secret stops
/// working at once; a change made by another process (the <c>clients</c> verb against a running server, another
/// instance) is seen within <see cref="MaxAge"/>, the same bound as the CORS origins (ClientOriginCache).
/// Unknown client ids are not remembered, so random ids cannot fill it.
/// </summary>
public sealed class ClientCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Clients are registered by administrators; the bound only matters if something goes very wrong.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ClientEntity Client, DateTimeOffset LoadedAt)> _clients = new(StringComparer.Ordinal);

    // Bumped by every invalidation: a load that started before a change must not store the row it read.
    private long _generation;

    /// <summary>The cached row, or <paramref name="load"/>'s answer (an untracked entity: callers must not change it).</summary>
    public async Task<ClientEntity?> GetAsync(string clientId, Func<Task<ClientEntity?>> load)
    {
        var now = time.GetUtcNow();
        if (_clients.TryGetValue(clientId, out var cached) && now - cached.LoadedAt is var age && age >= TimeSpan.Zero && age < MaxAge)
        {
            return cached.Client;
        }

        var generation = Interlocked.Read(ref _generation);
        var client = await load();
        if (client is null)
        {
            _clients.TryRemove(clientId, out _);
        }
        else if (_clients.Count < MaxEntries || _clients.ContainsKey(clientId))
        {
            _clients[clientId] = (client, now);
            // An invalidation ran while the row was read: what was read may be the old row.
            if (Interlocked.Read(ref _generation) != generation) _clients.TryRemove(clientId, out _);
        }
        return client;
    }

    public void Invalidate(string clientId)
    {
        Interlocked.Increment(ref _generation);
        _clients.TryRemove(clientId, out _);
    }
}
