using IdentityHost.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdentityHost.Hosting;

/// <summary>Unhealthy until a signing key is loaded: without one the server cannot issue anything.</summary>
public sealed class SigningKeysHealthCheck(SigningKeyManager keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(keys.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("signing keys are not loaded"));
}
