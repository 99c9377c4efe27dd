namespace Resources.Authorization;

/// <summary>The scopes this API understands; IdentityHost issues them to clients that are allowed them.</summary>
public static class Scopes
{
    public const string ReadItems = "read:items";
    public const string WriteItems = "write:items";
    public const string Admin = "admin";
}
