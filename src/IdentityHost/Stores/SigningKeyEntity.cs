namespace IdentityHost.Stores;

/// <summary>A generated signing key. The private key is stored only encrypted with ASP.NET Core Data Protection.</summary>
public sealed class SigningKeyEntity
{
    /// <summary>The <c>kid</c> published in the JWKS.</summary>
    public required string Id { get; set; }
    public required string Algorithm { get; set; }
    public required string ProtectedPrivateKey { get; set; }
    public DateTime CreatedAt { get; set; }
}
