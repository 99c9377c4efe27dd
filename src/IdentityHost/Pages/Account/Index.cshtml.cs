using IdentityHost.Accounts;
using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Accounts.ExternalSignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Statuses = IdentityHost.Accounts.ExternalSignIn.ExternalSignInMessages.Statuses;

namespace IdentityHost.Pages.Account;

/// <summary>A provider login linked to the account, as the account page lists it.</summary>
public sealed record LinkedLogin(string Provider, string ProviderKey, string DisplayName);

/// <summary>
/// <c>/account</c>: where a sign-in without a return URL lands — who is signed in, the linked provider logins (link
/// another, unlink one but never the last way to sign in), a password change, and a way out.
/// </summary>
public sealed class IndexModel(
    BrowserSession sessions,
    UserManager<ApplicationUser> users,
    UserSessions userSessions,
    PasswordSignIn passwordSignIn,
    PasswordHashGate gate,
    SecurityEvents events,
    ExternalLoginLinker linker,
    IOptions<ExternalAuthenticationOptions> external) : PageModel
{
    public const string PasswordChangedMessage = "Your password was changed. Every other session and app signed in as you has been signed out.";
    public const string WrongCurrentPassword = "The current password is incorrect.";
    public const string LockedOut = "Your account is locked after too many failed password attempts, so the password cannot be changed now. Please try again later.";
    public const string PasswordsDiffer = "The new password and its confirmation differ.";
    public static readonly string PasswordTooLong = $"Passwords are limited to {PasswordSignIn.MaxPasswordLength} characters.";

    public string UserName { get; private set; } = "";
    public string? Email { get; private set; }
    public bool HasPassword { get; private set; }
    public IReadOnlyList<LinkedLogin> Logins { get; private set; } = [];
    /// <summary>Configured providers the account has no login of yet.</summary>
    public IReadOnlyList<ExternalProvider> LinkableProviders { get; private set; } = [];
    /// <summary>Unlinking is offered only when another way to sign in remains.</summary>
    public bool CanUnlink => HasPassword || Logins.Count > 1;
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(
        [FromQuery(Name = ExternalSignInPaths.StatusParameter)] string? status,
        [FromQuery(Name = ExternalSignInPaths.ProviderParameter)] string? provider)
    {
        if (await sessions.GetAsync(HttpContext) is not { } session)
        {
            return RedirectToLogin();
        }
        // A fixed text per code: nothing from the query is shown as it came.
        return await ShowAsync(session.User, ExternalSignInMessages.ForAccountPage(status, provider));
    }

    /// <summary>
    /// Changes the password, proving the current one as a sign-in attempt (lockout, failure budgets, hashing gate, audit:
    /// a session alone must not allow unlimited guesses). The change signs the user out
    /// everywhere else (new security stamp, every grant revoked); this session goes on with the new stamp.
    /// </summary>
    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword)
    {
        if (await sessions.GetAsync(HttpContext) is not { } session)
        {
            return RedirectToLogin();
        }
        var user = session.User;
        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword) || newPassword != confirmPassword)
        {
            return await ShowAsync(user, string.IsNullOrEmpty(newPassword) ? "Enter your current password and a new one." : PasswordsDiffer);
        }
        // As on the login page: inputs no one uses as a password never reach the hasher.
        if (currentPassword.Length > PasswordSignIn.MaxPasswordLength || newPassword.Length > PasswordSignIn.MaxPasswordLength)
        {
            return await ShowAsync(user, PasswordTooLong);
        }
        // The current password is a sign-in attempt: counted toward lockout and the failure budgets, and audited.
        var proof = await passwordSignIn.ReauthenticateAsync(user, currentPassword, HttpContext);
        switch (proof.Status)
        {
            case PasswordSignInStatus.Succeeded:
                break;
            case PasswordSignInStatus.Failed:
                return await ShowAsync(user, WrongCurrentPassword);
            case PasswordSignInStatus.LockedOut:
                var locked = await ShowAsync(user, LockedOut);
                locked.StatusCode = StatusCodes.Status403Forbidden;
                return locked;
            default:
                await ShowAsync(user, null);
                return LoginModel.Refused(this, proof, message => Message = message);
        }

        var cancellationToken = HttpContext.RequestAborted;
        var (ran, result) = await gate.TryRunAsync(() => userSessions.ChangePasswordAsync(user, newPassword, cancellationToken), cancellationToken);
        if (!ran)
        {
            Response.Headers.RetryAfter = "1";
            var busy = await ShowAsync(user, LoginModel.Busy);
            busy.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return busy;
        }
        if (!result.Succeeded)
        {
            return await ShowAsync(user, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await sessions.RefreshAsync(HttpContext, user);
        events.Record(user.Id, AuditActions.PasswordChanged, user.Id, "by the user; sessions and grants ended");
        return await ShowAsync(user, PasswordChangedMessage);
    }

    private async Task<PageResult> ShowAsync(ApplicationUser user, string? message)
    {
        UserName = user.UserName ?? user.Id;
        Email = user.Email;
        HasPassword = await users.HasPasswordAsync(user);
        Logins = (await users.GetLoginsAsync(user))
            .Select(l => new LinkedLogin(l.LoginProvider, l.ProviderKey, ExternalProviders.Find(l.LoginProvider)?.DisplayName ?? l.ProviderDisplayName ?? l.LoginProvider))
            .OrderBy(l => l.DisplayName, StringComparer.Ordinal).ToList();
        LinkableProviders = external.Value.EnabledProviders().Where(p => Logins.All(l => l.Provider != p.Name)).ToList();
        Message = message;
        return Page();
    }

    /// <summary>Links a provider to the signed-in user: the challenge records who asked, and the callback links only
    /// into that same session.</summary>
    public async Task<IActionResult> OnPostLinkAsync(string? provider)
    {
        if (await sessions.GetAsync(HttpContext) is not { } session)
        {
            return RedirectToLogin();
        }
        var enabled = external.Value.EnabledProviders().FirstOrDefault(p => p.Name == provider);
        if (enabled is null)
        {
            return NotFound();
        }
        return Challenge(ExternalSession.ChallengeProperties(enabled.Name, AccountPaths.Home, session.User.Id), enabled.Name);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(string? provider, string? providerKey)
    {
        if (await sessions.GetAsync(HttpContext) is not { } session)
        {
            return RedirectToLogin();
        }
        if (string.IsNullOrEmpty(provider) || string.IsNullOrEmpty(providerKey))
        {
            return Redirect(ExternalSession.AccountUrl(Statuses.NotLinked, provider));
        }
        var result = await linker.UnlinkAsync(session.User, provider, providerKey, HttpContext.RequestAborted);
        if (result == UnlinkStatus.Unlinked)
        {
            // Unlinking changed the security stamp (ending grants made with it); this session goes on.
            await sessions.RefreshAsync(HttpContext, session.User);
        }
        return Redirect(ExternalSession.AccountUrl(result switch
        {
            UnlinkStatus.Unlinked => Statuses.Unlinked,
            UnlinkStatus.LastSignInMethod => Statuses.LastSignInMethod,
            _ => Statuses.NotLinked,
        }, provider));
    }

    private RedirectResult RedirectToLogin() =>
        Redirect(QueryHelpers.AddQueryString(AccountPaths.Login, AccountPaths.ReturnUrlParameter, AccountPaths.Home));
}
