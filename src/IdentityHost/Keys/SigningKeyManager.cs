using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IdentityHost.Stores;

namespace IdentityHost.Keys;

/// <summary>
/// The signing keys this instance holds: the configured PEM/PFX, or the generated keys last loaded from the
/// database (<see cref="SigningKeyLifecycle"/> reloads them on every check). <see cref="Current"/> is computed from
/// the loaded schedules and the clock on each call, so it switches exactly at a key's activation time even between
/// reloads; the decrypted keys are kept across reloads, and the JWKS document is rebuilt only when the published set
/// changes.
/// </summary>
public sealed partial class SigningKeyManager(KeyMaterial material, TimeProvider time, ILogger<SigningKeyManager> logger)
{
    private sealed record Loaded(KeyRing Ring, IReadOnlyDictionary<string, SigningKey> Keys, bool FromFile);

    /// <summary>What is published, valid until the next scheduled removal.</summary>
    private sealed record PublishedView(IReadOnlyList<SigningKey> Keys, string JwksJson, DateTime ValidUntil);

    private sealed record State(Loaded Loaded, PublishedView Published);

    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private State? _state;

    public bool IsLoaded => Volatile.Read(ref _state) is not null;

    /// <summary>True when the key is the operator's file: it is never rotated here.</summary>
    public bool IsFromFile => CurrentState.Loaded.FromFile;

    /// <summary>The usable keys' schedules (keys this instance cannot decrypt are not in it).</summary>
    public KeyRing Ring => CurrentState.Loaded.Ring;

    /// <summary>The key that signs now.</summary>
    public SigningKey Current
    {
        get
        {
            var loaded = CurrentState.Loaded;
            var signing = loaded.Ring.SigningKeyAt(Now) ?? throw new InvalidOperationException("No signing key is active: every loaded key is removed.");
            return loaded.Keys[signing.KeyId];
        }
    }

    /// <summary>The keys in the JWKS now: new keys before they sign, retired keys until their removal time.</summary>
    public IReadOnlyList<SigningKey> Published => View().Keys;

    /// <summary>The JWKS document (RFC 7517 §5); the same string instance until the published set changes.</summary>
    public string JwksJson => View().JwksJson;

    private State CurrentState => Volatile.Read(ref _state) ?? throw new InvalidOperationException("Signing keys are not loaded yet.");

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public void LoadFile(string path, string? password)
    {
        var key = SigningKeyFile.Load(path, password);
        var schedule = new KeySchedule(key.KeyId, key.Algorithm, 0, DateTime.MinValue, DateTime.MinValue, null);
        Apply(new Loaded(new KeyRing([schedule]), new Dictionary<string, SigningKey> { [key.KeyId] = key }, FromFile: true));
        LogKeyLoadedFromFile(logger, key.KeyId, path);
    }

    /// <summary>Takes the stored rows as the key set, decrypting only keys not held already.</summary>
    public void Load(IReadOnlyList<SigningKeyEntity> rows)
    {
        var held = Volatile.Read(ref _state)?.Loaded.Keys;
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        var schedules = new List<KeySchedule>();
        foreach (var row in rows)
        {
            if (held?.GetValueOrDefault(row.Id) is not { } key)
            {
                try
                {
                    key = material.Unprotect(row.Algorithm, row.ProtectedPrivateKey);
                }
                catch (CryptographicException)
                {
                    // The Data Protection key ring that encrypted it is gone; the key cannot be used or published.
                    if (_unreadable.Add(row.Id)) LogKeyUnreadable(logger, row.Id);
                    continue;
                }
            }
            keys[row.Id] = key;
            schedules.Add(KeySchedule.From(row));
        }
        Apply(new Loaded(new KeyRing(schedules), keys, FromFile: false));
    }

    private void Apply(Loaded loaded)
    {
        var previous = Volatile.Read(ref _state)?.Published;
        Volatile.Write(ref _state, new State(loaded, BuildView(loaded, Now, previous)));
    }

    private PublishedView View()
    {
        var state = CurrentState;
        var now = Now;
        if (now < state.Published.ValidUntil) return state.Published;
        // A retired key's removal time has come since the last reload.
        var view = BuildView(state.Loaded, now, state.Published);
        Interlocked.CompareExchange(ref _state, state with { Published = view }, state);
        return view;
    }

    private static PublishedView BuildView(Loaded loaded, DateTime now, PublishedView? previous)
    {
        var keys = loaded.Ring.PublishedAt(now).Select(s => loaded.Keys[s.KeyId]).ToList();
        var validUntil = loaded.Ring.NextRemovalAfter(now) ?? DateTime.MaxValue;
        if (previous is not null && previous.Keys.Select(k => k.KeyId).SequenceEqual(keys.Select(k => k.KeyId)))
        {
            return previous with { ValidUntil = validUntil };
        }
        var jwks = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k.PublicJwk.DeepClone()).ToArray()) };
        return new PublishedView(keys, jwks.ToJsonString(), validUntil);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Signing key {KeyId} loaded from {Path}.")]
    private static partial void LogKeyLoadedFromFile(ILogger logger, string keyId, string path);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Stored signing key {KeyId} cannot be decrypted with the current Data Protection key ring; it is ignored.")]
    private static partial void LogKeyUnreadable(ILogger logger, string keyId);
}
