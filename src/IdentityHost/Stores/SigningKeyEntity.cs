namespace IdentityHost.Stores;

/// <summary>
/// A generated signing key and its lifecycle as times, so every instance that reads the same rows with the same
/// clock computes the same state (Keys/KeyRing.cs). The private key is stored only encrypted with ASP.NET Core Data
/// Protection.
/// </summary>
public sealed class SigningKeyEntity
{
    /// <summary>The <c>kid</c> published in the JWKS.</summary>
    public required string Id { get; set; }
    public required string Algorithm { get; set; }
    public required string ProtectedPrivateKey { get; set; }
    /// <summary>Published in the JWKS from this time (the row's insertion).</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// 1, 2, 3… in creation order, unique: two instances that decide to rotate at the same moment both try to insert
    /// the same next generation, and only one insert succeeds.
    /// </summary>
    public long Generation { get; set; }
    /// <summary>Signs from this time, until a key with a later activation time takes over.</summary>
    public DateTime ActivatesAt { get; set; }
    /// <summary>Leaves the JWKS at this time (the row is then deleted); null until a successor is scheduled.</summary>
    public DateTime? RemovedAt { get; set; }
}
