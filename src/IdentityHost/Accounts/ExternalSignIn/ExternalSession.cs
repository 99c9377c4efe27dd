using IdentityHost.Admin;
using IdentityHost.Audit;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>What the external cookie holds between the provider's callback and the pages that finish the sign-in.</summary>
/// <param name="ReturnUrl">Local, checked when the challenge was made.</param>
/// <param name="LinkUserId">Set when a signed-in user asked to link the provider from the account page.</param>
public sealed record ExternalSignInState(ExternalIdentity Identity, string ReturnUrl, string? LinkUserId);

/// <summary>
/// The external sign-in's use of cookies: the challenge's properties, Identity's external cookie (set by the provider
/// handler, short-lived, read here), and the switch from it to the browser session.
/// </summary>
public sealed class ExternalSession(BrowserSession sessions, ConfiguredAdmins admins, SecurityEvents events, ILogger<ExternalSession> logger)
{
    private const string ReturnUrlItem = "returnUrl";
    private const string LinkUserItem = "linkUser";
    /// <summary>The item Identity's own external-login helpers use for the scheme.</summary>
    private const string LoginProviderItem = "LoginProvider";

    /// <param name="returnUrl">Must already be known local: the browser ends up there.</param>
    /// <param name="linkUserId">The signed-in user who asked to link; the callback links only for that same session.</param>
    public static AuthenticationProperties ChallengeProperties(string provider, string returnUrl, string? linkUserId)
    {
        var properties = new AuthenticationProperties { RedirectUri = ExternalSignInPaths.Callback };
        properties.Items[LoginProviderItem] = provider;
        properties.Items[ReturnUrlItem] = returnUrl;
        if (linkUserId is not null) properties.Items[LinkUserItem] = linkUserId;
        return properties;
    }

    /// <summary>The external sign-in waiting in the external cookie, or null when there is none (expired, never set).</summary>
    public static async Task<ExternalSignInState?> ReadAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!result.Succeeded || result.Principal is null || ExternalIdentity.From(result.Principal) is not { } identity)
        {
            return null;
        }
        var items = result.Properties?.Items;
        var returnUrl = Item(items, ReturnUrlItem) is { } url && IsLocalUrl(url) ? url : AccountPaths.Home;
        return new ExternalSignInState(identity, returnUrl, Item(items, LinkUserItem));
    }

    /// <summary>Applies <c>Admins</c>, replaces the external cookie by a new browser session (new sid) with
    /// <c>amr</c> = <c>fed</c> and <c>idp</c> = the provider.</summary>
    public async Task CompleteSignInAsync(HttpContext context, ApplicationUser user, ExternalIdentity identity)
    {
        await admins.ApplyAsync(user, identity);
        await ForgetAsync(context);
        await sessions.SignInAsync(user, AuthenticationMethodReferences.Federated, identity.Provider);
        ExternalSignInLog.SignedIn(logger, user.Id, identity.Provider);
        events.Record(user.Id, AuditActions.SignInSucceeded, user.Id, identity.Provider);
    }

    public static Task ForgetAsync(HttpContext context) => context.SignOutAsync(IdentityConstants.ExternalScheme);

    /// <summary>The login page with a message code, keeping the return URL so the user can go on another way.</summary>
    public static string LoginUrl(string error, string? provider, string? returnUrl) =>
        QueryHelpers.AddQueryString(AccountPaths.Login, new Dictionary<string, string?>
        {
            [ExternalSignInPaths.ErrorParameter] = error,
            [ExternalSignInPaths.ProviderParameter] = provider,
            [AccountPaths.ReturnUrlParameter] = returnUrl is not null && IsLocalUrl(returnUrl) && returnUrl != AccountPaths.Home ? returnUrl : null,
        }.Where(p => p.Value is not null));

    public static string AccountUrl(string status, string? provider) =>
        QueryHelpers.AddQueryString(AccountPaths.Home, new Dictionary<string, string?>
        {
            [ExternalSignInPaths.StatusParameter] = status,
            [ExternalSignInPaths.ProviderParameter] = provider,
        }.Where(p => p.Value is not null));

    /// <summary>
    /// The provider handler's answer to a failed or cancelled sign-in (RFC 6749 §4.1.2.1 <c>access_denied</c>, a bad
    /// state or correlation cookie, a failing token or user endpoint): back to the login page (or the account page,
    /// when linking) with a message, instead of an exception page.
    /// </summary>
    public static Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        var cancelled = context.Failure?.Data["error"] as string == Errors.AccessDenied;
        var items = context.Properties?.Items;
        var provider = context.Scheme.Name;
        var reason = cancelled ? Errors.AccessDenied : context.Failure?.Data["error"] as string ?? context.Failure?.GetType().Name ?? "unknown";
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ExternalSession>();
        ExternalSignInLog.RemoteFailure(logger, provider, reason);
        // The reason is the provider's error code or an exception type: no value from the provider's response.
        context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>()
            .Record(AuditActors.Anonymous, AuditActions.SignInFailed, "-", $"{provider}: {reason}");

        var location = items?.ContainsKey(LinkUserItem) == true
            ? AccountUrl(cancelled ? ExternalSignInMessages.Statuses.LinkCancelled : ExternalSignInMessages.Statuses.LinkFailed, provider)
            : LoginUrl(cancelled ? ExternalSignInMessages.Errors.Cancelled : ExternalSignInMessages.Errors.Failed, provider, Item(items, ReturnUrlItem));
        context.Response.Redirect(location);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static string? Item(IDictionary<string, string?>? items, string key) =>
        items is not null && items.TryGetValue(key, out var value) ? value : null;

    /// <summary>A path on this server (as <c>IUrlHelper.IsLocalUrl</c>): no scheme, no <c>//host</c> or <c>/\host</c>.</summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
