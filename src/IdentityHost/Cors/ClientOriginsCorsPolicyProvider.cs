using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace IdentityHost.Cors;

/// <summary>
/// Answers the <see cref="ClientOriginsCors.PolicyName"/> policy from the registered clients; any other policy
/// name is looked up in <see cref="CorsOptions"/> as the framework's default provider would.
/// </summary>
public sealed class ClientOriginsCorsPolicyProvider(ClientOriginCache origins, IOptions<CorsOptions> options) : ICorsPolicyProvider
{
    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
        policyName == ClientOriginsCors.PolicyName
            ? await origins.GetPolicyAsync(context.RequestAborted)
            : options.Value.GetPolicy(policyName ?? options.Value.DefaultPolicyName);
}
