using IdentityHost.Accounts;
using IdentityHost.Accounts.ExternalSignIn;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdentityHost.Pages.Account;

/// <summary>
/// <c>/account/login</c>: username (or email) and password. Unknown user, wrong password and locked account get the
/// same answer (the checker also spends the same hashing work on each), and the browser is sent back only to a local
/// return URL, so the page cannot be used as an open redirector (RFC 9700 §4.11).
/// </summary>
public sealed class LoginModel(
    PasswordSignIn passwordSignIn,
    BrowserSession session,
    IOptions<ExternalAuthenticationOptions> external,
    ILogger<LoginModel> logger) : PageModel
{
    public const string WrongCredentials = "The username or password is incorrect.";
    public const string Busy = "The server is too busy to check your password right now. Please try again in a moment.";
    public const string TooManyAttempts = "Too many failed sign-in attempts. Please wait a few minutes before trying again.";

    /// <summary>RFC 8176 §2: password-based authentication.</summary>
    private const string PasswordMethod = AuthenticationMethodReferences.Password;

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shown above the form after a failed attempt.</summary>
    public string? Message { get; private set; }

    /// <summary>The configured providers (client id and secret set), each shown as a button.</summary>
    public IReadOnlyList<ExternalProvider> ExternalProviders => external.Value.EnabledProviders();

    public void OnGet([FromQuery(Name = AccountPaths.LoginHintParameter)] string? loginHint,
        [FromQuery(Name = ExternalSignInPaths.ErrorParameter)] string? externalError,
        [FromQuery(Name = ExternalSignInPaths.ProviderParameter)] string? provider)
    {
        Username = loginHint;
        // A fixed text per code: nothing from the query is shown as it came.
        Message = ExternalSignInMessages.ForLoginPage(externalError, provider);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            Message = "Enter your username or email and your password.";
            return Page();
        }
        var signIn = await passwordSignIn.SignInAsync(Username, Password, HttpContext);
        if (signIn.User is not { } user)
        {
            return Refused(this, signIn, message => Message = message);
        }

        // A new cookie with a new session id: a session fixed before sign-in is never promoted (BrowserSession).
        await session.SignInAsync(user, PasswordMethod);
        AccountLog.SignedIn(logger, user.Id);
        return Redirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : AccountPaths.Home);
    }

    /// <summary>
    /// The page again after a failed password sign-in, with the message and status that fit: 429 with
    /// <c>Retry-After</c> when a failure budget is used up, 503 when hashing is busy, 200 for wrong credentials.
    /// </summary>
    public static PageResult Refused(PageModel page, PasswordSignInResult signIn, Action<string> showMessage)
    {
        var (message, status) = signIn.Status switch
        {
            PasswordSignInStatus.Throttled => (TooManyAttempts, StatusCodes.Status429TooManyRequests),
            PasswordSignInStatus.Busy => (Busy, StatusCodes.Status503ServiceUnavailable),
            _ => (WrongCredentials, StatusCodes.Status200OK),
        };
        if (signIn.RetryAfter is { } retryAfter)
        {
            page.Response.Headers.RetryAfter = ProtocolResponses.RetryAfterSeconds(retryAfter);
        }
        showMessage(message);
        var result = page.Page();
        result.StatusCode = status;
        return result;
    }
}
