using Microsoft.Extensions.Options;

namespace IdentityHost.Configuration;

/// <summary>Refuses to start on a pruning or retention setting that would prune nothing, too much, or too soon.</summary>
public sealed class PruningOptionsValidator : IValidateOptions<IdentityHostOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityHostOptions options)
    {
        var errors = new List<string>();
        var pruning = options.Pruning;

        // The bounds of the PeriodicTimer that paces the passes (whole milliseconds, under 49 days), kept to a day.
        if (pruning.Interval < TimeSpan.FromMilliseconds(1) || pruning.Interval > TimeSpan.FromDays(1))
            errors.Add("IdentityHost:Pruning:Interval must be between 1 ms and 1 day");
        if (pruning.BatchSize is < 1 or > PruningOptions.MaxBatchSize)
            errors.Add($"IdentityHost:Pruning:BatchSize must be between 1 and {PruningOptions.MaxBatchSize} (got {pruning.BatchSize})");
        // Shorter than the reuse grace, every redeemed token would be gone before its replay could be told from a
        // client's retry: no replay would ever revoke its family (RFC 9700 §4.14.2).
        if (pruning.RedeemedTokenRetention <= TimeSpan.Zero || pruning.RedeemedTokenRetention < options.Tokens.RefreshTokenReuseGrace)
            errors.Add("IdentityHost:Pruning:RedeemedTokenRetention must be positive and at least IdentityHost:Tokens:RefreshTokenReuseGrace");
        if (options.Audit.Retention <= TimeSpan.Zero) errors.Add("IdentityHost:Audit:Retention must be positive");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
