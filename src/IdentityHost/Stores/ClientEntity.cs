namespace IdentityHost.Stores;

/// <summary>A registered client (OpenIddict's "application").</summary>
public sealed class ClientEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public required string ClientId { get; set; }
    /// <summary><see cref="Protocol.SecretHasher"/> output; null for public clients.</summary>
    public string? SecretHash { get; set; }
    public string DisplayName { get; set; } = "";
    public required string Type { get; set; }
    public required string ConsentType { get; set; }
    public bool RequirePkce { get; set; }
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    public List<string> GrantTypes { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    public List<string> Permissions { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
