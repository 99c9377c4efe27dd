using IdentityHost.Protocol;
using Microsoft.Extensions.Options;

namespace IdentityHost.Configuration;

/// <summary>Refuses to start on an inconsistent <c>IdentityHost</c> section, saying which setting is wrong.</summary>
public sealed class IdentityHostOptionsValidator : IValidateOptions<IdentityHostOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityHostOptions options)
    {
        var errors = new List<string>();

        // RFC 8414 §2: the issuer is an https URL with no query or fragment (http allowed on loopback for development).
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer))
        {
            errors.Add($"IdentityHost:Issuer must be an absolute URL (got '{options.Issuer}')");
        }
        else
        {
            if (issuer.Scheme != Uri.UriSchemeHttps && !(issuer.Scheme == Uri.UriSchemeHttp && issuer.IsLoopback))
            {
                errors.Add($"IdentityHost:Issuer must use https unless it is a loopback address (got '{options.Issuer}')");
            }
            if (!string.IsNullOrEmpty(issuer.Query) || options.Issuer.Contains('#'))
            {
                errors.Add("IdentityHost:Issuer must not have a query or fragment");
            }
        }

        var tokens = options.Tokens;
        if (tokens.AccessTokenLifetime <= TimeSpan.Zero) errors.Add("IdentityHost:Tokens:AccessTokenLifetime must be positive");
        if (tokens.IdentityTokenLifetime <= TimeSpan.Zero) errors.Add("IdentityHost:Tokens:IdentityTokenLifetime must be positive");
        if (tokens.AuthorizationCodeLifetime <= TimeSpan.Zero) errors.Add("IdentityHost:Tokens:AuthorizationCodeLifetime must be positive");
        if (tokens.RefreshTokenSlidingLifetime <= TimeSpan.Zero) errors.Add("IdentityHost:Tokens:RefreshTokenSlidingLifetime must be positive");
        if (tokens.RefreshTokenAbsoluteLifetime < tokens.RefreshTokenSlidingLifetime)
            errors.Add("IdentityHost:Tokens:RefreshTokenAbsoluteLifetime must be at least RefreshTokenSlidingLifetime");
        if (tokens.RefreshTokenReuseGrace < TimeSpan.Zero) errors.Add("IdentityHost:Tokens:RefreshTokenReuseGrace must not be negative");

        if (options.SigningKeys.Algorithm is not (SigningAlgorithms.RS256 or SigningAlgorithms.ES256))
            errors.Add($"IdentityHost:SigningKeys:Algorithm must be RS256 or ES256 (got '{options.SigningKeys.Algorithm}')");
        if (!string.IsNullOrEmpty(options.SigningKeys.Path) && !File.Exists(options.SigningKeys.Path))
            errors.Add($"IdentityHost:SigningKeys:Path '{options.SigningKeys.Path}' does not exist");
        errors.AddRange(SigningKeyLifecycleErrors(options.SigningKeys, tokens));

        if (options.PasswordHashing.MaxConcurrency < 0) errors.Add("IdentityHost:PasswordHashing:MaxConcurrency must not be negative");
        if (options.PasswordHashing.QueueTimeout <= TimeSpan.Zero) errors.Add("IdentityHost:PasswordHashing:QueueTimeout must be positive");
        if (options.MaxRequestBodyBytes < 1024) errors.Add("IdentityHost:MaxRequestBodyBytes must be at least 1024");
        errors.AddRange(RateLimitingErrors(options.RateLimiting));
        var dataProtection = options.DataProtection;
        if (dataProtection.EffectiveStore is not (DataProtectionOptions.DatabaseStore or DataProtectionOptions.FileSystemStore))
            errors.Add($"IdentityHost:DataProtection:Store must be Database or FileSystem (got '{dataProtection.Store}')");
        if (dataProtection.EffectiveStore == DataProtectionOptions.FileSystemStore && string.IsNullOrEmpty(dataProtection.KeysDirectory))
            errors.Add("IdentityHost:DataProtection:Store is FileSystem but IdentityHost:DataProtection:KeysDirectory is empty");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> RateLimitingErrors(RateLimitingOptions limits)
    {
        // A window under a second cannot be split into the limiter's segments; over a day, memory holds partitions too long.
        if (limits.Window < TimeSpan.FromSeconds(1) || limits.Window > TimeSpan.FromDays(1))
            yield return "IdentityHost:RateLimiting:Window must be between 00:00:01 and 1.00:00:00";
        if (limits.SignInFailuresPerUsernameAndIp < 1) yield return "IdentityHost:RateLimiting:SignInFailuresPerUsernameAndIp must be at least 1";
        if (limits.SignInFailuresPerIp < 1) yield return "IdentityHost:RateLimiting:SignInFailuresPerIp must be at least 1";
        if (limits.ClientAuthenticationFailuresPerIp < 1) yield return "IdentityHost:RateLimiting:ClientAuthenticationFailuresPerIp must be at least 1";
    }

    private static IEnumerable<string> SigningKeyLifecycleErrors(SigningKeyOptions keys, TokenLifetimeOptions tokens)
    {
        const string Prefix = "IdentityHost:SigningKeys:";
        if (keys.RotationPeriod <= TimeSpan.Zero) yield return Prefix + "RotationPeriod must be positive";
        if (keys.PropagationPeriod <= TimeSpan.Zero) yield return Prefix + "PropagationPeriod must be positive";
        if (keys.RetentionPeriod <= TimeSpan.Zero) yield return Prefix + "RetentionPeriod must be positive";
        if (keys.CheckInterval <= TimeSpan.Zero) yield return Prefix + "CheckInterval must be positive";
        // A key must be published before it signs, and signing must outlast that wait.
        if (keys.PropagationPeriod >= keys.RotationPeriod) yield return Prefix + "PropagationPeriod must be shorter than RotationPeriod";
        // Every instance must have reloaded (and so publish) a new key before any instance signs with it.
        if (keys.CheckInterval >= keys.PropagationPeriod) yield return Prefix + "CheckInterval must be shorter than PropagationPeriod";
        // A retired key stays published until everything it signed has expired.
        var longest = tokens.AccessTokenLifetime > tokens.IdentityTokenLifetime ? tokens.AccessTokenLifetime : tokens.IdentityTokenLifetime;
        if (keys.RetentionPeriod < longest)
            yield return Prefix + $"RetentionPeriod must be at least the longest token lifetime (access or identity token, {longest})";
    }
}

/// <summary>Refuses to start on a bad <c>Clients</c> or <c>Scopes</c> entry.</summary>
public sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var errors = new List<string>();

        foreach (var scope in options.Scopes)
        {
            if (!ScopeSet.TryParse(scope.Name, out var parsed) || parsed.Count != 1)
                errors.Add($"Scopes: '{scope.Name}' is not a valid scope name");
            else if (StandardScopes.All.Contains(scope.Name))
                errors.Add($"Scopes: '{scope.Name}' is built in and cannot be redefined");
            if (scope.Resources.Count == 0)
                errors.Add($"Scopes: '{scope.Name}' names no Resources (the audience of tokens that carry it)");
        }
        errors.AddRange(options.Scopes.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => $"Scopes: '{g.Key}' is defined twice"));

        var knownScopes = KnownScopes(options);
        foreach (var client in options.Clients)
        {
            errors.AddRange(ClientRegistrationRules.Validate(client, knownScopes).Select(e => "Clients: " + e));
        }
        errors.AddRange(options.Clients.GroupBy(c => c.ClientId).Where(g => g.Count() > 1).Select(g => $"Clients: '{g.Key}' is defined twice"));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IReadOnlySet<string> KnownScopes(CatalogOptions options) =>
        new HashSet<string>(StandardScopes.All.Concat(options.Scopes.Select(s => s.Name)), StringComparer.Ordinal);
}
