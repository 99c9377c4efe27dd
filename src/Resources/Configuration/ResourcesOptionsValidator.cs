using Microsoft.Extensions.Options;

namespace Resources.Configuration;

/// <summary>Refuses to start with an authority or metadata address that would let tokens be forged or read in transit.</summary>
internal sealed class ResourcesOptionsValidator : IValidateOptions<ResourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, ResourcesOptions options)
    {
        var failures = new List<string>();

        ValidateEndpoint(failures, "Resources:Authority", options.Authority, required: true);
        ValidateEndpoint(failures, "Resources:MetadataAddress", options.MetadataAddress, required: false);

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Resources:Audience must not be empty: tokens for any audience would otherwise be accepted.");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            ValidateOrigin(failures, origin);
        }

        ValidateTokenValidation(failures, options);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTokenValidation(List<string> failures, ResourcesOptions options)
    {
        if (options.TokenValidation is not (TokenValidationModes.Local or TokenValidationModes.Introspection))
        {
            failures.Add($"Resources:TokenValidation must be '{TokenValidationModes.Local}' or '{TokenValidationModes.Introspection}', not '{options.TokenValidation}'.");
            return;
        }
        if (options.TokenValidation != TokenValidationModes.Introspection)
        {
            return;
        }

        var introspection = options.Introspection;
        // RFC 7662 §2.1: the introspection endpoint requires the caller to authenticate.
        if (string.IsNullOrWhiteSpace(introspection.ClientId) || string.IsNullOrEmpty(introspection.ClientSecret))
        {
            failures.Add("Resources:Introspection:ClientId and Resources:Introspection:ClientSecret must be set in introspection mode.");
        }
        ValidateEndpoint(failures, "Resources:Introspection:Endpoint", introspection.Endpoint, required: false);
        if (introspection.CacheDuration < TimeSpan.Zero || introspection.CacheDuration > IntrospectionOptions.MaxCacheDuration)
        {
            failures.Add($"Resources:Introspection:CacheDuration must be between 0 and {IntrospectionOptions.MaxCacheDuration}; it is {introspection.CacheDuration}.");
        }
    }

    /// <summary>A CORS origin is compared as text with the browser's <c>Origin</c> header (RFC 6454 §6.1): no path, no slash.</summary>
    private static void ValidateOrigin(List<string> failures, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.Equals(uri.GetLeftPart(UriPartial.Authority), value, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Resources:AllowedOrigins entries must be origins like 'https://app.example' (no path or trailing slash); '{value}' is not.");
        }
    }

    private static void ValidateEndpoint(List<string> failures, string key, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{key} must be set to the issuer of the access tokens.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URI; '{value}' is not.");
            return;
        }

        // Keys fetched over plain http could be swapped by anyone on the path; only the local machine is exempt.
        if (!LoopbackUri.IsHttpsOrLoopback(uri))
        {
            failures.Add($"{key} must use https unless its host is loopback; '{value}' does not.");
        }

        // The issuer is an identifier compared byte for byte (RFC 8414 §2: no query or fragment).
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            failures.Add($"{key} must not contain a query or fragment; '{value}' does.");
        }
    }
}
