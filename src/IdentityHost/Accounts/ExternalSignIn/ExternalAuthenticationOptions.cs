namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// The <c>Authentication</c> section: the GitHub and Google providers and how new external identities are linked.
/// Every default is documented in the README.
/// </summary>
public sealed class ExternalAuthenticationOptions
{
    public const string Section = "Authentication";

    public ExternalProviderSettings GitHub { get; set; } = new();
    public ExternalProviderSettings Google { get; set; } = new();

    /// <summary>
    /// Link a new external identity to the local account with the same email when the provider verified it and the
    /// account's email is confirmed, without asking for the account's password. Off by default: it trusts the
    /// provider's verification as much as the account's own.
    /// </summary>
    public bool AutoLinkVerifiedEmails { get; set; }

    public ExternalProviderSettings For(string provider) => provider switch
    {
        ExternalProviders.GitHub => GitHub,
        ExternalProviders.Google => Google,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown external provider."),
    };

    /// <summary>The providers with a client id and secret, in button order.</summary>
    public IReadOnlyList<ExternalProvider> EnabledProviders() =>
        ExternalProviders.All.Where(p => For(p.Name).IsEnabled).ToList();
}

/// <summary>One provider's registration. Endpoint overrides are named as <c>OAuthOptions</c> names them; empty means
/// the provider's public endpoint (tests and GitHub Enterprise set them).</summary>
public sealed class ExternalProviderSettings
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }
    public string? UserInformationEndpoint { get; set; }
    /// <summary>GitHub only: the list of the user's addresses with their <c>verified</c> flag.</summary>
    public string? EmailsEndpoint { get; set; }

    /// <summary>A provider is enabled only when both its client id and secret are set.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}
