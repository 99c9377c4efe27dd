using Microsoft.AspNetCore.Authorization;

namespace Resources.Authorization;

/// <summary>The access token must grant <see cref="Scope"/>.</summary>
public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}
