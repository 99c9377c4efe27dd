using IdentityHost.Stores;
using System.Text.Json;
using IdentityHost.Accounts;
using IdentityHost.Configuration;
using IdentityHost.Endpoints.Shared;
using IdentityHost.Protocol;
using IdentityHost.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Endpoints.UserInfo;

/// <summary>
/// <c>GET,POST /connect/userinfo</c> (OIDC Core §5.3): read the bearer token, validate it as one of ours, make sure it
/// belongs to a user and carries <c>openid</c>, then return the user's claims for the granted scopes.
/// </summary>
public static class UserInfoEndpoint
{
    public const string Path = "/connect/userinfo";
    private const string Allow = "GET, POST";

    public static async Task HandleAsync(
        HttpContext context,
        [FromServices] AccessTokenValidator validator,
        [FromServices] UserManager<ApplicationUser> users,
        [FromServices] IOptions<IdentityHostOptions> options,
        [FromServices] ILogger<UserInfoEndpointLog> logger)
    {
        try
        {
            await ProcessAsync(context, validator, users, options);
        }
        catch (Exception e) when (StoreUnavailable.Is(e) && !context.Response.HasStarted)
        {
            UserInfoEndpointLog.StoreUnavailable(logger, e);
            context.Response.Clear();
            await ProtocolResponses.WriteErrorAsync(context, OAuthError.TemporarilyUnavailable("The userinfo service is temporarily unavailable; retry shortly."));
        }
    }

    private static async Task ProcessAsync(HttpContext context, AccessTokenValidator validator, UserManager<ApplicationUser> users,
        IOptions<IdentityHostOptions> options)
    {
        // OIDC Core §5.3.1: GET and POST only.
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsPost(context.Request.Method))
        {
            await ProtocolResponses.WriteMethodNotAllowedAsync(context, Allow);
            return;
        }
        var cancellationToken = context.RequestAborted;

        var (token, readError) = await BearerTokenReader.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (readError is not null)
        {
            await BearerChallenge.WriteErrorAsync(context, readError);
            return;
        }
        if (token is null)
        {
            await BearerChallenge.WriteMissingTokenAsync(context);
            return;
        }

        // OIDC Core §5.3.3, RFC 6750 §3.1: an invalid, expired or revoked token is invalid_token.
        var validation = await validator.ValidateAsync(token, cancellationToken);
        if (!validation.IsValid)
        {
            await BearerChallenge.WriteErrorAsync(context, BearerChallenge.InvalidToken(Describe(validation.Rejection!.Value)));
            return;
        }
        var accessToken = validation.Token!;

        // A client's own token (client_credentials) names no user whose claims could be returned.
        if (accessToken.User is not { } user)
        {
            await BearerChallenge.WriteErrorAsync(context, BearerChallenge.InvalidToken("The access token was not issued for a user."));
            return;
        }

        // OIDC Core §5.3: the userinfo endpoint serves tokens granted openid; RFC 6750 §3.1 names the missing scope.
        if (!accessToken.Scopes.Contains(StandardScopes.OpenId))
        {
            await BearerChallenge.WriteErrorAsync(context,
                BearerChallenge.InsufficientScope("The access token was not granted the openid scope."), StandardScopes.OpenId);
            return;
        }

        // OIDC Core §5.4: claims by granted scope, read now (not copied from the token), sub always.
        var roles = accessToken.Scopes.Contains(StandardScopes.Roles) ? (await users.GetRolesAsync(user)).ToList() : null;
        var claims = UserClaims.ForScopes(user, roles, accessToken.Scopes);
        await ProtocolResponses.WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteClaims(writer, claims));
    }

    private static string Describe(AccessTokenRejection rejection) => rejection switch
    {
        AccessTokenRejection.Expired => "The access token has expired.",
        AccessTokenRejection.Revoked => "The access token has been revoked.",
        AccessTokenRejection.InactiveUser => "The access token is no longer valid.",
        _ => "The access token is invalid.",
    };

    private static void WriteClaims(Utf8JsonWriter writer, Dictionary<string, object> claims)
    {
        foreach (var (name, value) in claims)
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, value, value.GetType());
        }
    }
}

/// <summary>Log category and events of the userinfo endpoint.</summary>
public sealed partial class UserInfoEndpointLog
{
    [LoggerMessage(EventId = 1604, Level = LogLevel.Error, Message = "The userinfo endpoint could not reach its store.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);
}
