namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>A provider users may sign in with: its scheme name (also the <c>idp</c> claim and the login provider of
/// Identity's logins table) and the name shown on buttons.</summary>
public sealed record ExternalProvider(string Name, string DisplayName);

/// <summary>Names of the external sign-in: providers, paths, and the claims of the external cookie.</summary>
public static class ExternalProviders
{
    public const string GitHub = "github";
    public const string Google = "google";

    public static readonly ExternalProvider GitHubProvider = new(GitHub, "GitHub");
    public static readonly ExternalProvider GoogleProvider = new(Google, "Google");
    public static readonly IReadOnlyList<ExternalProvider> All = [GitHubProvider, GoogleProvider];

    /// <summary>The redirect URIs to register at the provider: <c>{issuer}/signin-github</c>, <c>{issuer}/signin-google</c>.</summary>
    public const string GitHubCallbackPath = "/signin-github";
    public const string GoogleCallbackPath = "/signin-google";

    public static ExternalProvider? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The pages of the external sign-in.</summary>
public static class ExternalSignInPaths
{
    /// <summary>POST <c>/account/external/{provider}</c>: start a sign-in with the provider.</summary>
    public const string ChallengePrefix = "/account/external/";
    /// <summary>Where the provider's handler sends the browser once the external cookie is set.</summary>
    public const string Callback = "/account/external-callback";
    /// <summary>Proving ownership of an existing account (its password) before a provider is linked to it.</summary>
    public const string LinkExisting = "/account/link-existing";
    /// <summary>Query parameters of the login page after a failed external sign-in: a fixed code, never free text.</summary>
    public const string ErrorParameter = "external_error";
    public const string ProviderParameter = "provider";
    /// <summary>Query parameter of the account page after linking or unlinking.</summary>
    public const string StatusParameter = "status";
}

/// <summary>Claims of the external cookie's principal, built from the provider's user information.</summary>
public static class ExternalClaimTypes
{
    /// <summary>The scheme that authenticated the user.</summary>
    public const string Provider = "urn:identityhost:external:provider";
    /// <summary>A suggestion for a new account's username: GitHub's login, the local part of Google's verified email.</summary>
    public const string UserNameHint = "urn:identityhost:external:username_hint";
    /// <summary>Present only when the provider says the address is verified (GitHub's emails list, Google's email_verified).</summary>
    public const string VerifiedEmail = "urn:identityhost:external:verified_email";
}
