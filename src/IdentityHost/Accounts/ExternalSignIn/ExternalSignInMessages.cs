namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// What the login and account pages say after an external sign-in or a link. Pages receive a fixed code in the query
/// and show the text for it, so nothing a third party puts in a link is ever displayed.
/// </summary>
public static class ExternalSignInMessages
{
    /// <summary>Codes of <see cref="ExternalSignInPaths.ErrorParameter"/> on the login page.</summary>
    public static class Errors
    {
        public const string Cancelled = "cancelled";
        public const string Failed = "failed";
        public const string LockedOut = "locked";
        public const string SignInToLink = "link-required";
    }

    /// <summary>Codes of <see cref="ExternalSignInPaths.StatusParameter"/> on the account page.</summary>
    public static class Statuses
    {
        public const string Linked = "linked";
        public const string AlreadyLinked = "already-linked";
        public const string LinkedToAnotherUser = "linked-elsewhere";
        public const string LinkCancelled = "link-cancelled";
        public const string LinkFailed = "link-failed";
        public const string Unlinked = "unlinked";
        public const string LastSignInMethod = "last-method";
        public const string NotLinked = "not-linked";
    }

    /// <summary>A locked account is refused whichever way it signs in; through a provider there is no password to
    /// keep secret, so the page says why.</summary>
    public const string LockedOut = "This account is locked. Try again later, or ask an administrator to unlock it.";

    public static string? ForLoginPage(string? code, string? provider)
    {
        var name = ExternalProviders.Find(provider)?.DisplayName ?? "the external provider";
        return code switch
        {
            Errors.Cancelled => $"Sign-in with {name} was cancelled. Sign in another way, or try again.",
            Errors.Failed => $"Sign-in with {name} did not complete. Please try again.",
            Errors.LockedOut => LockedOut,
            Errors.SignInToLink => $"An account with your {name} email address already exists. Sign in to it another way, then link {name} on your account page.",
            _ => null,
        };
    }

    public static string? ForAccountPage(string? code, string? provider)
    {
        var name = ExternalProviders.Find(provider)?.DisplayName ?? "The provider";
        return code switch
        {
            Statuses.Linked => $"{name} is now linked to your account.",
            Statuses.AlreadyLinked => $"That {name} account is already linked to yours.",
            Statuses.LinkedToAnotherUser => $"That {name} account is linked to a different account here, so it was not linked to yours.",
            Statuses.LinkCancelled => $"Linking {name} was cancelled.",
            Statuses.LinkFailed => $"Linking {name} did not complete. Please try again.",
            Statuses.Unlinked => $"{name} is no longer linked to your account.",
            Statuses.LastSignInMethod => $"{name} is the only way to sign in to this account, so it cannot be unlinked.",
            Statuses.NotLinked => $"{name} was not linked to your account.",
            _ => null,
        };
    }
}
