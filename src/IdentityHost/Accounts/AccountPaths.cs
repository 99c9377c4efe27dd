namespace IdentityHost.Accounts;

/// <summary>The account pages the protocol endpoints send the browser to.</summary>
public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string Logout = "/account/logout";
    public const string Consent = "/account/consent";
    /// <summary>Where a sign-in without a return URL lands.</summary>
    public const string Home = "/account";
    public const string SignedOut = "/account/signed-out";
    public const string ReturnUrlParameter = "ReturnUrl";
    public const string LoginHintParameter = "login_hint";
}
