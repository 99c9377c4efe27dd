namespace IdentityHost.Configuration;

/// <summary>One entry of the <c>Clients</c> array, upserted into the store at start-up (DESIGN.md §2).</summary>
public sealed class ClientOptions
{
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string? DisplayName { get; set; }
    public string Type { get; set; } = Protocol.ClientTypes.Public;
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    public List<string> GrantTypes { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    public string ConsentType { get; set; } = Protocol.ConsentTypes.Explicit;
    public bool RequirePkce { get; set; }
    public List<string> Permissions { get; set; } = [];
}

/// <summary>One entry of the <c>Scopes</c> array: an API scope and the audiences it grants.</summary>
public sealed class ScopeOptions
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<string> Resources { get; set; } = [];
}

/// <summary>The <c>Clients</c> and <c>Scopes</c> arrays of configuration.</summary>
public sealed class CatalogOptions
{
    public List<ClientOptions> Clients { get; set; } = [];
    public List<ScopeOptions> Scopes { get; set; } = [];
}
