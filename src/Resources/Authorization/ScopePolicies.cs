using Microsoft.AspNetCore.Authorization;

namespace Resources.Authorization;

/// <summary>One authorization policy per scope: an authenticated caller whose token grants that scope.</summary>
public static class ScopePolicies
{
    public const string ReadItems = "scope:" + Scopes.ReadItems;
    public const string WriteItems = "scope:" + Scopes.WriteItems;
    public const string Admin = "scope:" + Scopes.Admin;

    internal static void AddScopePolicies(this AuthorizationOptions options)
    {
        Add(options, ReadItems, Scopes.ReadItems);
        Add(options, WriteItems, Scopes.WriteItems);
        Add(options, Admin, Scopes.Admin);
    }

    private static void Add(AuthorizationOptions options, string policyName, string scope) =>
        options.AddPolicy(policyName, policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scope)));
}
