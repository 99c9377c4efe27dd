namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// Security events of external sign-in, with stable event ids. Local user ids and provider names only: never a
/// provider's token, code, client secret, or the provider's id of the user.
/// </summary>
public static partial class ExternalSignInLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "User {UserId} signed in with {Provider}.")]
    public static partial void SignedIn(ILogger logger, string userId, string provider);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Account {UserId} created at its first sign-in with {Provider} (verified email: {HasEmail}).")]
    public static partial void AccountCreated(ILogger logger, string userId, string provider, bool hasEmail);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "{Provider} linked to user {UserId} ({How}).")]
    public static partial void Linked(ILogger logger, string provider, string userId, string how);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "{Provider} unlinked from user {UserId}.")]
    public static partial void Unlinked(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Unlinking {Provider} from user {UserId} refused: it is the last way to sign in.")]
    public static partial void UnlinkRefused(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Linking {Provider} to user {UserId} refused: that login belongs to user {OwnerId}.")]
    public static partial void LinkRefusedOtherOwner(ILogger logger, string provider, string userId, string ownerId);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Sign-in with {Provider} refused: user {UserId} is locked out.")]
    public static partial void LockedOut(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning, Message = "Sign-in with {Provider} failed at the provider or on the way back: {Reason}.")]
    public static partial void RemoteFailure(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Information, Message = "Sign-in with {Provider} matches the confirmed email of user {UserId}: its password is required to link.")]
    public static partial void PasswordRequired(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Sign-in with {Provider} matches the confirmed email of user {UserId}, who has no password: the user must sign in and link from the account page.")]
    public static partial void SignInToLink(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Warning, Message = "User {UserId} was granted the admin role by the Admins configuration.")]
    public static partial void AdminGranted(ILogger logger, string userId);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Warning, Message = "User {UserId} lost the admin role: no longer listed in the Admins configuration.")]
    public static partial void AdminRevoked(ILogger logger, string userId);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Warning, Message = "Linking {Provider} refused: the session that asked for it ({ExpectedUserId}) is not the current one.")]
    public static partial void LinkSessionChanged(ILogger logger, string provider, string expectedUserId);

    [LoggerMessage(EventId = 2214, Level = LogLevel.Warning, Message = "Creating an account for a {Provider} sign-in failed: {Errors}.")]
    public static partial void AccountCreationFailed(ILogger logger, string provider, string errors);
}
