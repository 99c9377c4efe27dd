using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>
/// GitHub as AspNet.Security.OAuth.GitHub configures the generic OAuth handler: its endpoints, the <c>user:email</c>
/// scope, the numeric <c>id</c> as the identity, and the email taken only from the emails list, where GitHub says
/// whether an address is verified (the <c>email</c> of <c>/user</c> is a public profile field, never verified).
/// </summary>
public sealed class GitHubOAuthOptions : OAuthOptions
{
    public const string DefaultAuthorizationEndpoint = "https://github.com/login/oauth/authorize";
    public const string DefaultTokenEndpoint = "https://github.com/login/oauth/access_token";
    public const string DefaultUserInformationEndpoint = "https://api.github.com/user";
    public const string DefaultEmailsEndpoint = "https://api.github.com/user/emails";

    public GitHubOAuthOptions()
    {
        CallbackPath = ExternalProviders.GitHubCallbackPath;
        AuthorizationEndpoint = DefaultAuthorizationEndpoint;
        TokenEndpoint = DefaultTokenEndpoint;
        UserInformationEndpoint = DefaultUserInformationEndpoint;
        Scope.Add("user:email");
        ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
        ClaimActions.MapJsonKey(ExternalClaimTypes.UserNameHint, "login");
        ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        Events.OnCreatingTicket = CreatingTicketAsync;
    }

    /// <summary>The list of the user's addresses, each with <c>verified</c> and <c>primary</c>.</summary>
    public string EmailsEndpoint { get; set; } = DefaultEmailsEndpoint;

    private static async Task CreatingTicketAsync(OAuthCreatingTicketContext context)
    {
        var options = (GitHubOAuthOptions)context.Options;
        using (var user = await ProviderUserInformation.GetJsonAsync(context, options.UserInformationEndpoint))
        {
            context.RunClaimActions(user.RootElement);
        }
        using var emails = await ProviderUserInformation.GetJsonAsync(context, options.EmailsEndpoint);
        ProviderUserInformation.AddCommonClaims(context, PrimaryVerifiedEmail(emails.RootElement), userNameHint: null);
    }

    /// <summary>The primary address if GitHub verified it. A secondary address is not used even when verified: one
    /// rule, the address the user chose, makes linking and <c>Admins:Emails</c> predictable.</summary>
    public static string? PrimaryVerifiedEmail(JsonElement emails)
    {
        if (emails.ValueKind != JsonValueKind.Array)
        {
            throw new AuthenticationFailureException("github: the emails endpoint did not answer a list.");
        }
        foreach (var entry in emails.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True
                && entry.TryGetProperty("verified", out var verified) && verified.ValueKind == JsonValueKind.True
                && entry.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String)
            {
                return email.GetString();
            }
        }
        return null;
    }
}
