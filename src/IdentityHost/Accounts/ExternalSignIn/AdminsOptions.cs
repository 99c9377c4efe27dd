namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// The <c>Admins</c> section: who gets the <c>admin</c> role when signing in with an external provider. Read at each
/// sign-in, so an edited list applies from the next sign-in on (see <see cref="ConfiguredAdmins"/>).
/// </summary>
public sealed class AdminsOptions
{
    public const string Section = "Admins";

    /// <summary>Emails, compared case-insensitively with the provider-verified email of the sign-in and with the
    /// account's own confirmed email.</summary>
    public List<string> Emails { get; set; } = [];

    /// <summary><c>github:&lt;numeric id&gt;</c> or <c>google:&lt;sub&gt;</c>, matched against the account's linked logins.</summary>
    public List<string> Logins { get; set; } = [];
}
