using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace IdentityHost.Accounts.ExternalSignIn;

/// <summary>Calls a provider's API with the access token the handler just obtained (RFC 6750 §2.1).</summary>
internal static class ProviderUserInformation
{
    /// <summary>GitHub's API refuses requests without a User-Agent (403).</summary>
    public const string UserAgent = "IdentityHost";

    public static async Task<JsonDocument> GetJsonAsync(OAuthCreatingTicketContext context, string endpoint)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        using var response = await context.Backchannel.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            // The status only: a provider's error body is not ours to log or show.
            throw new AuthenticationFailureException($"{context.Scheme.Name}: {endpoint} answered {(int)response.StatusCode}.");
        }
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted),
            cancellationToken: context.HttpContext.RequestAborted);
    }

    /// <summary>Adds the claims every provider contributes besides its claim actions.</summary>
    public static void AddCommonClaims(OAuthCreatingTicketContext context, string? verifiedEmail, string? userNameHint)
    {
        var identity = context.Identity ?? throw new InvalidOperationException("The OAuth handler created no identity.");
        if (string.IsNullOrEmpty(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value))
        {
            throw new AuthenticationFailureException($"{context.Scheme.Name}: the user information has no id.");
        }
        var issuer = context.Options.ClaimsIssuer ?? context.Scheme.Name;
        identity.AddClaim(new Claim(ExternalClaimTypes.Provider, context.Scheme.Name, ClaimValueTypes.String, issuer));
        if (!string.IsNullOrEmpty(verifiedEmail))
        {
            identity.AddClaim(new Claim(ExternalClaimTypes.VerifiedEmail, verifiedEmail, ClaimValueTypes.Email, issuer));
        }
        if (!string.IsNullOrEmpty(userNameHint) && identity.FindFirst(ExternalClaimTypes.UserNameHint) is null)
        {
            identity.AddClaim(new Claim(ExternalClaimTypes.UserNameHint, userNameHint, ClaimValueTypes.String, issuer));
        }
    }
}
