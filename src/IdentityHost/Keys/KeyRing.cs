namespace IdentityHost.Keys;

/// <summary>
/// The lifecycle rules over a set of key schedules: one place that turns stored times and a clock into a state, so
/// instances reading the same rows agree. A key is published from its creation until its removal time; the signing
/// key is the one with the latest activation time at or before now among keys not removed; a key is retired once a
/// key activated after it signs. Immutable.
/// </summary>
public sealed class KeyRing
{
    /// <summary>Latest activation first (ties: the later generation), the order the signing key is chosen in.</summary>
    private readonly KeySchedule[] _keys;

    public KeyRing(IEnumerable<KeySchedule> keys) =>
        _keys = keys.OrderByDescending(k => k.ActivatesAt).ThenByDescending(k => k.Generation).ToArray();

    public IReadOnlyList<KeySchedule> Keys => _keys;

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>The key with the latest activation time: the one automatic rotation measures its age from.</summary>
    public KeySchedule? Newest => _keys.Length > 0 ? _keys[0] : null;

    public long LastGeneration => _keys.Length == 0 ? 0 : _keys.Max(k => k.Generation);

    /// <summary>
    /// The key that signs at <paramref name="now"/>. When none has activated yet (another instance's clock ran a
    /// little ahead when it created the first key), the earliest to activate; null only if every key is removed.
    /// </summary>
    public KeySchedule? SigningKeyAt(DateTime now)
    {
        KeySchedule? earliest = null;
        foreach (var key in _keys)
        {
            if (key.IsRemovedAt(now)) continue;
            if (key.ActivatesAt <= now) return key;
            earliest = key;
        }
        return earliest;
    }

    /// <summary>The keys in the JWKS at <paramref name="now"/>, in ring order.</summary>
    public IEnumerable<KeySchedule> PublishedAt(DateTime now) => _keys.Where(k => !k.IsRemovedAt(now));

    /// <summary>The next moment after <paramref name="now"/> at which a key leaves the JWKS, if any.</summary>
    public DateTime? NextRemovalAfter(DateTime now) =>
        _keys.Where(k => k.RemovedAt > now).Select(k => k.RemovedAt).Min();

    /// <summary>When <paramref name="key"/> stops signing: the activation of the key after it in ring order.</summary>
    public DateTime? RetiresAt(KeySchedule key)
    {
        var index = Array.FindIndex(_keys, k => k.KeyId == key.KeyId);
        return index > 0 ? _keys[index - 1].ActivatesAt : null;
    }

    public KeyState StateAt(KeySchedule key, DateTime now)
    {
        if (key.IsRemovedAt(now)) return KeyState.Removed;
        if (SigningKeyAt(now)?.KeyId == key.KeyId) return KeyState.Active;
        return key.ActivatesAt > now ? KeyState.Published : KeyState.Retired;
    }

    /// <summary>Automatic rotation: the newest key has been (or would have been) signing for a whole period.</summary>
    public bool IsRotationDue(DateTime now, TimeSpan rotationPeriod) => Newest is { } newest && newest.ActivatesAt + rotationPeriod <= now;

    /// <summary>
    /// Keys that a newly scheduled key activating at <paramref name="activatesAt"/> retires and that have no removal
    /// time yet: every key activated before it.
    /// </summary>
    public IEnumerable<KeySchedule> RetiredBy(DateTime activatesAt) =>
        _keys.Where(k => k.RemovedAt is null && k.ActivatesAt <= activatesAt);

    /// <summary>
    /// Retired keys without a removal time (a key scheduled before an emergency rotation later took over from it):
    /// each is removed a retention period after it stopped signing.
    /// </summary>
    public IEnumerable<(KeySchedule Key, DateTime RetiredAt)> RetiredWithoutRemovalTime(DateTime now) =>
        _keys.Where(k => k.RemovedAt is null && StateAt(k, now) == KeyState.Retired)
            .Select(k => (k, RetiresAt(k)!.Value));

    /// <summary>Keys whose removal time has come; never the signing key.</summary>
    public IEnumerable<KeySchedule> DueForRemoval(DateTime now) => _keys.Where(k => k.IsRemovedAt(now));
}
