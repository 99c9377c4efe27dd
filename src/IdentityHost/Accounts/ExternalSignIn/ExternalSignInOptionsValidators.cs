using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>Refuses to start on an inconsistent <c>Authentication</c> section, saying which setting is wrong.</summary>
public sealed class ExternalAuthenticationOptionsValidator : IValidateOptions<ExternalAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, ExternalAuthenticationOptions options)
    {
        var errors = new List<string>();
        foreach (var provider in ExternalProviders.All)
        {
            var settings = options.For(provider.Name);
            var section = $"{ExternalAuthenticationOptions.Section}:{provider.DisplayName}";
            if (string.IsNullOrWhiteSpace(settings.ClientId) != string.IsNullOrWhiteSpace(settings.ClientSecret))
            {
                errors.Add($"{section}: set both ClientId and ClientSecret to enable the provider, or neither to disable it");
            }
            CheckEndpoint(errors, section, nameof(settings.AuthorizationEndpoint), settings.AuthorizationEndpoint);
            CheckEndpoint(errors, section, nameof(settings.TokenEndpoint), settings.TokenEndpoint);
            CheckEndpoint(errors, section, nameof(settings.UserInformationEndpoint), settings.UserInformationEndpoint);
            CheckEndpoint(errors, section, nameof(settings.EmailsEndpoint), settings.EmailsEndpoint);
        }
        if (!string.IsNullOrEmpty(options.Google.EmailsEndpoint))
        {
            errors.Add($"{ExternalAuthenticationOptions.Section}:Google:EmailsEndpoint is not a Google setting (GitHub only)");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Codes and tokens travel to these endpoints: https only, plain http allowed on loopback for development
    /// and tests (as for the issuer).</summary>
    private static void CheckEndpoint(List<string> errors, string section, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            errors.Add($"{section}:{key} must be an absolute https URL (got '{value}')");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            errors.Add($"{section}:{key} must use https unless it is a loopback address (got '{value}')");
        }
        else if (!string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add($"{section}:{key} must not have a fragment");
        }
    }
}

/// <summary>Refuses to start on an <c>Admins</c> entry that could never match, rather than silently granting no one.</summary>
public sealed class AdminsOptionsValidator : IValidateOptions<AdminsOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminsOptions options)
    {
        var errors = new List<string>();
        foreach (var email in options.Emails)
        {
            var at = email?.IndexOf('@') ?? -1;
            if (at <= 0 || at == email!.Length - 1 || email.Trim() != email)
            {
                errors.Add($"{AdminsOptions.Section}:Emails: '{email}' is not an email address");
            }
        }
        foreach (var login in options.Logins)
        {
            var separator = login?.IndexOf(':') ?? -1;
            var provider = separator > 0 ? ExternalProviders.Find(login![..separator]) : null;
            if (provider is null || separator == login!.Length - 1 || login.Trim() != login)
            {
                errors.Add($"{AdminsOptions.Section}:Logins: '{login}' must be 'github:<id>' or 'google:<sub>'");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
