using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// Google as Microsoft.AspNetCore.Authentication.Google configures the generic OAuth handler: its endpoints, the
/// <c>openid email profile</c> scopes, PKCE (RFC 7636), <c>sub</c> as the identity, and the email only when
/// <c>email_verified</c> is true (OIDC Core §5.1).
/// </summary>
public sealed class GoogleOAuthOptions : OAuthOptions
{
    public const string DefaultAuthorizationEndpoint = "https://accounts.google.com/o/oauth2/v2/auth";
    public const string DefaultTokenEndpoint = "https://oauth2.googleapis.com/token";
    public const string DefaultUserInformationEndpoint = "https://openidconnect.googleapis.com/v1/userinfo";

    public GoogleOAuthOptions()
    {
        CallbackPath = ExternalProviders.GoogleCallbackPath;
        AuthorizationEndpoint = DefaultAuthorizationEndpoint;
        TokenEndpoint = DefaultTokenEndpoint;
        UserInformationEndpoint = DefaultUserInformationEndpoint;
        UsePkce = true;
        Scope.Add("openid");
        Scope.Add("email");
        Scope.Add("profile");
        ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "sub");
        ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        Events.OnCreatingTicket = CreatingTicketAsync;
    }

    private static async Task CreatingTicketAsync(OAuthCreatingTicketContext context)
    {
        using var user = await ProviderUserInformation.GetJsonAsync(context, context.Options.UserInformationEndpoint);
        if (user.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new AuthenticationFailureException("google: the userinfo endpoint did not answer an object.");
        }
        context.RunClaimActions(user.RootElement);
        var email = VerifiedEmail(user.RootElement);
        ProviderUserInformation.AddCommonClaims(context, email, email?[..email.IndexOf('@')]);
    }

    /// <summary>The email when <c>email_verified</c> is true; Google has sent the flag both as a boolean and as the
    /// string "true".</summary>
    public static string? VerifiedEmail(JsonElement user)
    {
        if (!user.TryGetProperty("email", out var email) || email.ValueKind != JsonValueKind.String
            || email.GetString() is not { } address || address.IndexOf('@') <= 0
            || !user.TryGetProperty("email_verified", out var verified))
        {
            return null;
        }
        var isVerified = verified.ValueKind == JsonValueKind.True
            || (verified.ValueKind == JsonValueKind.String && string.Equals(verified.GetString(), "true", StringComparison.OrdinalIgnoreCase));
        return isVerified ? address : null;
    }
}
