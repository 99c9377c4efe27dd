using System.Collections.Concurrent;

namespace Resources.Authentication;

/// <summary>
/// Introspection answers by SHA-256 of the token, each until its own deadline on the injected clock. Bounded: when
/// full, expired entries are dropped, and if it is still full a new answer is simply not kept.
/// </summary>
internal sealed class IntrospectionCache(TimeProvider time)
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (bool Active, DateTimeOffset Until)> _answers = new(StringComparer.Ordinal);

    public bool TryGet(string key, out bool active)
    {
        if (_answers.TryGetValue(key, out var answer))
        {
            if (answer.Until > time.GetUtcNow())
            {
                active = answer.Active;
                return true;
            }
            _answers.TryRemove(new KeyValuePair<string, (bool, DateTimeOffset)>(key, answer));
        }
        active = false;
        return false;
    }

    public void Set(string key, bool active, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        if (until <= now)
        {
            return;
        }
        if (_answers.Count >= MaxEntries)
        {
            foreach (var (staleKey, stale) in _answers)
            {
                if (stale.Until <= now) _answers.TryRemove(new KeyValuePair<string, (bool, DateTimeOffset)>(staleKey, stale));
            }
            if (_answers.Count >= MaxEntries)
            {
                return;
            }
        }
        _answers[key] = (active, until);
    }
}
