using Resources.Authorization;

namespace Resources.OpenApi;

/// <summary>What each API scope allows, in the words Swagger UI shows next to its checkbox.</summary>
internal static class ScopeDescriptions
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [Scopes.ReadItems] = "Read items (GET /items)",
        [Scopes.WriteItems] = "Create items (POST /items)",
        [Scopes.Admin] = "Delete items (DELETE /items/{id})",
    };
}
