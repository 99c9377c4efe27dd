using IdentityHost.Admin;
using IdentityHost.Configuration;
using IdentityHost.Stores;
using Microsoft.Extensions.Options;

namespace IdentityHost.Keys;

/// <summary>What an operator's rotation or revocation did.</summary>
public sealed record KeyChange(string KeyId, DateTime ActivatesAt);

/// <summary>
/// Moves generated keys through their lifecycle (README: Signing keys): created and published → active → retired
/// (still published) → removed. Each instance runs <see cref="CheckAsync"/> every <c>CheckInterval</c>; instances
/// sharing a database agree because every decision is a time stored on the rows, and creating the next key is an
/// insert of the next generation number that only one instance can win.
/// </summary>
public sealed partial class SigningKeyLifecycle(
    IServiceScopeFactory scopes,
    SigningKeyManager manager,
    KeyMaterial material,
    IOptions<IdentityHostOptions> options,
    TimeProvider time,
    IHostEnvironment environment,
    ILogger<SigningKeyLifecycle> logger)
{
    /// <summary>Attempts at creating a key when other instances keep winning the race.</summary>
    private const int CreateAttempts = 3;

    private readonly SemaphoreSlim _checking = new(1, 1);
    private string? _lastActiveKeyId;

    private SigningKeyOptions Settings => options.Value.SigningKeys;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Start-up: the configured file, or the stored keys (the first one generated now if there is none).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(Settings.Path))
        {
            manager.LoadFile(Settings.Path, Settings.Password);
            return;
        }
        await CheckAsync(cancellationToken);
    }

    /// <summary>
    /// Reloads the key set from the database (picking up keys other instances or the command line created), creates
    /// the next key when rotation is due, sets removal times of keys that stopped signing, and deletes keys whose
    /// retention ended.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(Settings.Path)) return;
        await _checking.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            var rows = await store.ListAsync(cancellationToken);
            manager.Load(rows);
            if (await ApplyLifecycleAsync(store, audit, rows, cancellationToken))
            {
                manager.Load(await store.ListAsync(cancellationToken));
            }
            NoteActivation();
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>
    /// <c>keys rotate</c>: a new key, published now and signing after the propagation period, or at once with
    /// <paramref name="immediately"/> (a key leaked; tokens signed by the old key still validate until it is removed).
    /// </summary>
    public async Task<KeyChange> RotateAsync(bool immediately, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var activatesAt = immediately ? Now : Now + Settings.PropagationPeriod;
        var created = await CreateWinningAsync(store, audit, activatesAt, "rotated by an operator", cancellationToken);
        await audit.RecordAsync(AuditActors.System, AuditActions.KeyRotated, created.KeyId,
            immediately ? "signs immediately" : $"signs from {Format(activatesAt)}", cancellationToken);
        return created;
    }

    /// <summary>
    /// <c>keys revoke</c>: deletes the key so it leaves the JWKS and tokens it signed stop validating. If it signs now
    /// or was about to, a replacement that signs immediately is created first. Null when no such key is stored.
    /// </summary>
    public async Task<KeyChange?> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var ring = Ring(await store.ListAsync(cancellationToken));
        var key = ring.Keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null) return null;

        var now = Now;
        KeyChange? replacement = null;
        if (ring.SigningKeyAt(now)?.KeyId == keyId || key.ActivatesAt > now)
        {
            replacement = await CreateWinningAsync(store, audit, now, $"replaces revoked key {keyId}", cancellationToken);
        }
        if (await store.TryDeleteAsync(keyId, cancellationToken))
        {
            await audit.RecordAsync(AuditActors.System, AuditActions.KeyRevoked, keyId, "removed from the JWKS immediately", cancellationToken);
            LogKeyRevoked(logger, keyId);
        }
        return replacement ?? new KeyChange(keyId, key.ActivatesAt);
    }

    /// <summary>The stored keys and their states, for <c>keys list</c>.</summary>
    public async Task<KeyRing> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return Ring(await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().ListAsync(cancellationToken));
    }

    private async Task<bool> ApplyLifecycleAsync(SigningKeyStore store, AuditLog audit, List<SigningKeyEntity> rows, CancellationToken cancellationToken)
    {
        var now = Now;
        var ring = Ring(rows);
        var changed = false;
        if (manager.Ring.IsEmpty)
        {
            // First start, or no stored key can be decrypted with this Data Protection key ring. Reload either way:
            // an instance that lost the race for the first key signs with the winner's.
            await TryCreateAsync(store, audit, ring, now, "first key", cancellationToken);
            changed = true;
        }
        else if (Settings.AutomaticRotation && ring.IsRotationDue(now, Settings.RotationPeriod))
        {
            // Published now, signing only after the propagation period: resource servers see it before any token does.
            await TryCreateAsync(store, audit, ring, now + Settings.PropagationPeriod, "automatic rotation", cancellationToken);
            changed = true;
        }

        foreach (var (key, retiredAt) in ring.RetiredWithoutRemovalTime(now))
        {
            var removedAt = retiredAt + Settings.RetentionPeriod;
            if (await store.TrySetRemovedAtAsync(key.KeyId, removedAt, cancellationToken))
            {
                await RecordRetiredAsync(audit, key.KeyId, retiredAt, removedAt, cancellationToken);
            }
            changed = true;
        }
        foreach (var key in ring.DueForRemoval(now))
        {
            if (await store.TryDeleteAsync(key.KeyId, cancellationToken))
            {
                await audit.RecordAsync(AuditActors.System, AuditActions.KeyRemoved, key.KeyId, "retention ended; removed from the JWKS", cancellationToken);
                LogKeyRemoved(logger, key.KeyId);
            }
            changed = true;
        }
        return changed;
    }

    /// <summary>Creates a key, re-reading and retrying when another instance created one at the same moment.</summary>
    private async Task<KeyChange> CreateWinningAsync(SigningKeyStore store, AuditLog audit, DateTime activatesAt, string reason,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < CreateAttempts; attempt++)
        {
            var ring = Ring(await store.ListAsync(cancellationToken));
            if (await TryCreateAsync(store, audit, ring, activatesAt, reason, cancellationToken) is { } created) return created;
        }
        throw new InvalidOperationException("Another instance kept creating signing keys at the same time; try again.");
    }

    /// <summary>
    /// Inserts the next generation, activating at <paramref name="activatesAt"/>, and gives the keys it retires their
    /// removal time: a retention period after it takes over. Null when another instance inserted that generation first.
    /// </summary>
    private async Task<KeyChange?> TryCreateAsync(SigningKeyStore store, AuditLog audit, KeyRing ring, DateTime activatesAt, string reason,
        CancellationToken cancellationToken)
    {
        var algorithm = Settings.Algorithm;
        var (key, protectedPrivateKey) = material.Generate(algorithm);
        var retired = ring.RetiredBy(activatesAt).Select(k => k.KeyId).ToList();
        var removedAt = activatesAt + Settings.RetentionPeriod;
        var entity = new SigningKeyEntity
        {
            Id = key.KeyId,
            Algorithm = algorithm,
            ProtectedPrivateKey = protectedPrivateKey,
            CreatedAt = Now,
            Generation = ring.LastGeneration + 1,
            ActivatesAt = activatesAt,
        };
        if (!await store.TryAddAsync(entity, retired, removedAt, cancellationToken))
        {
            LogLostRace(logger, entity.Generation);
            return null;
        }

        await audit.RecordAsync(AuditActors.System, AuditActions.KeyCreated, key.KeyId,
            $"{algorithm}; published now, signs from {Format(activatesAt)}; {reason}", cancellationToken);
        foreach (var keyId in retired)
        {
            await RecordRetiredAsync(audit, keyId, activatesAt, removedAt, cancellationToken);
        }
        if (ring.IsEmpty && !environment.IsDevelopment())
            LogGeneratedKeyOutsideDevelopment(logger, key.KeyId, algorithm);
        else
            LogKeyCreated(logger, key.KeyId, algorithm, activatesAt, reason);
        return new KeyChange(key.KeyId, activatesAt);
    }

    private async Task RecordRetiredAsync(AuditLog audit, string keyId, DateTime retiredAt, DateTime removedAt, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(AuditActors.System, AuditActions.KeyRetired, keyId,
            $"stops signing at {Format(retiredAt)}; published until {Format(removedAt)}", cancellationToken);
        LogKeyRetired(logger, keyId, retiredAt, removedAt);
    }

    /// <summary>Logs, once per instance, that the signing key changed since the previous check.</summary>
    private void NoteActivation()
    {
        var active = manager.Current.KeyId;
        if (_lastActiveKeyId is not null && _lastActiveKeyId != active) LogKeyActivated(logger, active);
        _lastActiveKeyId = active;
    }

    private static KeyRing Ring(IEnumerable<SigningKeyEntity> rows) => new(rows.Select(KeySchedule.From));

    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Created signing key {KeyId} ({Algorithm}), published now, signing from {ActivatesAt:o} ({Reason}); stored encrypted in the database.")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, string algorithm, DateTime activatesAt, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "NO SIGNING KEY CONFIGURED: generated {KeyId} ({Algorithm}) and stored it encrypted in the database. Set IdentityHost:SigningKeys:Path to a PEM or PFX in production, or keep the Data Protection key ring safe.")]
    private static partial void LogGeneratedKeyOutsideDevelopment(ILogger logger, string keyId, string algorithm);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Signing key {KeyId} is now the active signing key.")]
    private static partial void LogKeyActivated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Signing key {KeyId} retires at {RetiredAt:o} and stays published until {RemovedAt:o}.")]
    private static partial void LogKeyRetired(ILogger logger, string keyId, DateTime retiredAt, DateTime removedAt);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Signing key {KeyId} removed: its retention ended.")]
    private static partial void LogKeyRemoved(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Signing key {KeyId} revoked by an operator: removed from the JWKS; tokens it signed no longer validate.")]
    private static partial void LogKeyRevoked(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Another instance created signing key generation {Generation} first; using its key.")]
    private static partial void LogLostRace(ILogger logger, long generation);
}
