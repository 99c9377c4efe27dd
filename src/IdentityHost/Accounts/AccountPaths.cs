namespace IdentityHost.Accounts;

/// <summary>The account pages the protocol endpoints send the browser to.</summary>
public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string Logout = "/account/logout";
    public const string Consent = "/account/consent";
    public const string ReturnUrlParameter = "ReturnUrl";
    public const string LoginHintParameter = "login_hint";
}
