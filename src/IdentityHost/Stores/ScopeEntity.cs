namespace IdentityHost.Stores;

/// <summary>An API scope and the resources (audiences) a token carrying it is meant for.</summary>
public sealed class ScopeEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<string> Resources { get; set; } = [];
}
