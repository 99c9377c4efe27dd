using IdentityHost.Stores;

namespace IdentityHost.Keys;

/// <summary>The stored lifecycle times of one key (see <see cref="SigningKeyEntity"/>); no key material.</summary>
public sealed record KeySchedule(string KeyId, string Algorithm, long Generation, DateTime CreatedAt, DateTime ActivatesAt, DateTime? RemovedAt)
{
    public static KeySchedule From(SigningKeyEntity entity) =>
        new(entity.Id, entity.Algorithm, entity.Generation, entity.CreatedAt, entity.ActivatesAt, entity.RemovedAt);

    public bool IsRemovedAt(DateTime now) => RemovedAt is { } removed && removed <= now;
}

/// <summary>Where a key is in its lifecycle at a given moment.</summary>
public enum KeyState
{
    /// <summary>In the JWKS, not signing yet.</summary>
    Published,
    /// <summary>Signs new tokens.</summary>
    Active,
    /// <summary>No longer signs; still in the JWKS until what it signed has expired.</summary>
    Retired,
    /// <summary>Out of the JWKS; the row is deleted at the next check.</summary>
    Removed,
}
